// The field app's production bundle: pwa/js/main.js and everything it imports (Dexie too), as one
// minified ES module. The modules stay the source; `make pwa` runs this (app/fieldapp/bundle.py):
//   node tooling/bundle.mjs <pwa folder> <out folder> <banner>
// shell-files.js stays a file of its own: its version hashes this bundle, so it cannot be inside.
import * as esbuild from 'esbuild';
import path from 'node:path';

const [pwa, outdir, banner] = process.argv.slice(2);

const shellFilesApart = {
    name: 'shell-files-apart',
    setup(build) {
        build.onResolve({ filter: /(^|\/)shell-files\.js$/ }, () => ({ path: '../js/shell-files.js', external: true }));
    },
};

await esbuild.build({
    entryPoints: [path.join(pwa, 'js', 'main.js')],
    outdir,
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    charset: 'utf8',
    legalComments: 'none',
    banner: { js: banner },
    plugins: [shellFilesApart],
    logLevel: 'warning',
});
