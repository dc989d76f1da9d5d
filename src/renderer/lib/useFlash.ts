import { useEffect, useRef, useState } from 'react';

/** True for a moment after `value` changes (not on first render): draws the eye to a live update. */
export function useFlashOnChange(value: string): boolean {
  const first = useRef(value);
  const [flash, setFlash] = useState(false);
  useEffect(() => {
    if (value === first.current) return;
    first.current = value;
    setFlash(true);
    const t = setTimeout(() => setFlash(false), 1500);
    return () => clearTimeout(t);
  }, [value]);
  return flash;
}
