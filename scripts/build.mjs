// npm run build: builds lib/<os>-<arch>/libsnkv.* if it is missing or older than its sources.
import { ensureLibrary } from "./common.mjs";

process.exitCode = ensureLibrary();
