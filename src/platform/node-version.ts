// OpenYdelse needs Node 24 (pinned as the `node` devDependency). Fail loudly instead of limping on an older one.
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  process.stderr.write(
    `OpenYdelse kræver Node 24, men kører på ${process.version}. Kør via npm (npm start, npm test, npx ydelse), ` +
      `som bruger den fastlåste Node 24 fra node_modules/.bin.\n`,
  );
  process.exit(1);
}
export {};
