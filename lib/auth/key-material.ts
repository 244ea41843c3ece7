import { randomBytes, randomInt } from "node:crypto";

// AWS-shaped credentials: an access key id of [A-Z0-9] (AWS: 16-128 characters; ours are 20, with
// a prefix that tells them apart from AWS's AKIA/ASIA) and a 40-character secret.

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
export const ACCESS_KEY_ID_PATTERN = /^[A-Z0-9]{16,128}$/;
export const SECRET_PATTERN = /^[A-Za-z0-9/+]{40}$/;

export function newAccessKeyId(): string {
  let id = "PHAK";
  for (let i = 0; i < 16; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

export function newSecretAccessKey(): string {
  return randomBytes(30).toString("base64");
}

/** A 12-digit account id for a new account. */
export function newAccountId(): string {
  let id = String(randomInt(1, 10));
  for (let i = 0; i < 11; i++) id += String(randomInt(10));
  return id;
}
