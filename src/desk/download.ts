// Saving what the desk built (an export, the figures) as a file the browser downloads: by default encrypted to the
// task force keys first (open it with GnuPG or Kleopatra), so a copy left in a downloads folder says nothing.
import type { KeyVault } from './key-vault.ts';

function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads `text` as `name`, or as `name.asc` encrypted to the task force keys when `encrypted`. */
export async function saveFile(vault: KeyVault, name: string, text: string, type: string, encrypted: boolean) {
  if (encrypted) download(`${name}.asc`, await vault.encrypt(text), 'application/pgp-encrypted');
  else download(name, text, type);
}
