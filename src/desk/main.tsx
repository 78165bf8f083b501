// Mounts the desk's React root. Strings the page embeds at build (the canned reply openings per language) come in
// a data attribute, never as script.
import { createRoot } from 'react-dom/client';
import { App } from './components/App.tsx';

const root = document.getElementById('desk-root')!;
let openings: Record<string, Record<string, string>> = {};
try {
  openings = JSON.parse(root.dataset.openings ?? '{}');
} catch {
  // no canned openings: the officer writes the whole reply
}
createRoot(root).render(<App openings={openings} />);
