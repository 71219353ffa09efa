/**
 * Puts files added by hand where a page looks for them: each goes to the first missing path with
 * its name (`logo.png` → `img/logo.png`, since a file picker gives names, not folders); a file no
 * missing path names keeps its own name. Pure, so Node can test it.
 */
export function placeMissing<F extends { name: string }>(files: F[], missing: string[]): { path: string; blob: F }[] {
  const open = [...missing];
  return files.map((file) => {
    const i = open.findIndex((p) => p.slice(p.lastIndexOf('/') + 1) === file.name);
    return { path: i >= 0 ? open.splice(i, 1)[0] : file.name, blob: file };
  });
}
