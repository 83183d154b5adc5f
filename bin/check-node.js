// OpenYdelse needs Node 24 (pinned as the `node` devDependency, so npm scripts and npx use it). Plain
// JavaScript on purpose: on an older Node the TypeScript sources could not even be loaded to say so.
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  process.stderr.write(
    `OpenYdelse kræver Node 24, men kører på ${process.version}. Kør via npm (npm start, npm test, npx ydelse), ` +
      `som bruger den fastlåste Node 24 fra node_modules/.bin; kør npm install, hvis den mangler.\n`,
  );
  process.exit(1);
}
