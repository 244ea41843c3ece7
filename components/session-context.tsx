"use client";
// Who is signed in, for the pages: the role decides which actions are shown. The server decides
// what is allowed (every BFF route checks the role); this only keeps the UI from offering what
// would be refused.

import { createContext, useContext, type ReactNode } from "react";
import { roleAllows, type ConsoleRole } from "@/lib/console-auth/roles";

export interface SignedInUser {
  email: string;
  name: string | null;
  role: ConsoleRole;
  accountName: string;
}

const SessionContext = createContext<SignedInUser | null>(null);

export function SessionProvider({ user, children }: { user: SignedInUser; children: ReactNode }) {
  return <SessionContext.Provider value={user}>{children}</SessionContext.Provider>;
}

export function useSignedInUser(): SignedInUser | null {
  return useContext(SessionContext);
}

/** True when the signed-in user's role reaches `role`. Outside a session (never in the console), false. */
export function useCan(role: ConsoleRole): boolean {
  const user = useContext(SessionContext);
  return !!user && roleAllows(user.role, role);
}
