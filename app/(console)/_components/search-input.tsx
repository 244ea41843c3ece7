"use client";
// A search box whose text lives in the URL: typing updates the URL (replace, debounced), and
// back/forward puts the URL's text back into the box.

import { forwardRef, useEffect, useRef, useState } from "react";
import formCss from "@/components/ui/form.module.css";

export interface SearchInputProps {
  id: string;
  label: string;
  value: string;
  placeholder?: string;
  onCommit: (text: string) => void;
}

export const SearchInput = forwardRef<HTMLInputElement, SearchInputProps>(function SearchInput(
  { id, label, value, placeholder, onCommit },
  ref,
) {
  const [text, setText] = useState(value);
  const lastCommitted = useRef(value);

  useEffect(() => {
    if (value !== lastCommitted.current) {
      lastCommitted.current = value;
      setText(value);
    }
  }, [value]);

  useEffect(() => {
    if (text === lastCommitted.current) return;
    const timer = window.setTimeout(() => {
      lastCommitted.current = text;
      onCommit(text);
    }, 250);
    return () => window.clearTimeout(timer);
  }, [text, onCommit]);

  return (
    <div className={formCss.field}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={ref}
        type="search"
        placeholder={placeholder}
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoComplete="off"
      />
    </div>
  );
});
