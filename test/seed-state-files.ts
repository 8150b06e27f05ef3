// Tests seed repositories whose rollouts are already under way. Their state files must look as
// stagegate left them, written through the API by a bot, or the hand-edit check (core/state/
// hand-edit.ts) would rightly hold every one of them: this splits them off for addRepo's `botFiles`.
const STATE_FILE = /(^|\/)state\/[^/]+\.ya?ml$|\.state\.ya?ml$/;

export function stateFilesApart(all: Record<string, string>): { files: Record<string, string>; botFiles: Record<string, string> } {
  const files: Record<string, string> = {};
  const botFiles: Record<string, string> = {};
  for (const [path, text] of Object.entries(all)) (STATE_FILE.test(path) ? botFiles : files)[path] = text;
  return { files, botFiles };
}
