// The field app's production bundle: pwa/js/main.js and every module it imports, as one minified
// ES module in pwa/dist/. The modules stay the source; `make pwa` runs this (app/fieldapp/bundle.py):
//   node tooling/bundle.mjs <pwa folder> <out folder> <banner> [--dexie-inside] [--split]
// Two files stay apart, imported from the bundle by their own URLs (pwa/dist/ sits beside pwa/js/,
// so the paths the modules use still hold): shell-files.js, whose version hashes this bundle and
// so cannot be inside it, and Dexie, the vendored file as verified (inside, the login was no faster:
// bench/bundle_variants.py, docs/performance.md).
// The two flags make the variants bench/bundle_variants.py measures against it; make pwa uses none.
import * as esbuild from 'esbuild';
import path from 'node:path';

const [pwa, outdir, banner, ...flags] = process.argv.slice(2);
const APART = { 'shell-files.js': '../js/shell-files.js' };
if (!flags.includes('--dexie-inside')) APART['dexie.min.mjs'] = '../vendor/dexie.min.mjs';

const keepApart = {
    name: 'keep-apart',
    setup(build) {
        build.onResolve({ filter: /(^|\/)(shell-files\.js|dexie\.min\.mjs)$/ }, (args) => {
            const apart = APART[path.basename(args.path)];
            return apart ? { path: apart, external: true } : undefined;
        });
    },
};

await esbuild.build({
    entryPoints: [path.join(pwa, 'js', 'main.js')],
    outdir,
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    splitting: flags.includes('--split'),
    chunkNames: 'chunk-[hash]',
    charset: 'utf8',
    legalComments: 'none',
    banner: { js: banner },
    plugins: [keepApart],
    logLevel: 'warning',
});
