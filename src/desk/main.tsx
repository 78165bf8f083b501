// Mounts the desk's React root. What the page embeds at build (the canned reply openings per language, the task force
// public keys) comes in data attributes, never as script.
import { createRoot } from 'react-dom/client';
import { App } from './components/App.tsx';

const root = document.getElementById('desk-root')!;
const read = <T,>(name: string, fallback: T): T => {
  try {
    return JSON.parse(root.dataset[name] ?? '') as T;
  } catch {
    return fallback;
  }
};
// Without canned openings the officer writes the whole reply; without keys nothing can be unlocked (the page says so).
createRoot(root).render(<App openings={read('openings', {})} taskForceKeys={read<string[]>('keys', [])} />);
