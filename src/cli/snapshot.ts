// The CLI as a V8 start-up snapshot (dist/snapshot-*/cli.blob, built by scripts/build-snapshot.mjs): Node
// deserializes the heap this file leaves behind, every module of the CLI already evaluated, instead of
// compiling and running the bundle, then calls the main function below. A blob only works with the Node
// binary that built it: bin/regx checks that and otherwise starts dist/cli.js (the code-cache path).
// Run only by `node --build-snapshot`: nothing evaluated here may keep process state (env, argv, cwd, time,
// handles); the CLI reads all of it in runCli(), after deserialization.
import { startupSnapshot } from 'node:v8';
import { runCli } from './main';
import { handBackExtraCaCerts } from './extraCaEnv';

startupSnapshot.setDeserializeMainFunction(() => {
  // A snapshot's main function sees [node, ...args]; runCli() expects Node's usual [node, script, ...args].
  const blob = process.execArgv[process.execArgv.indexOf('--snapshot-blob') + 1] ?? 'regx';
  process.argv.splice(1, 0, blob);
  handBackExtraCaCerts(process.env);
  runCli();
});
