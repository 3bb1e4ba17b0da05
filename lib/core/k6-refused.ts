// Where tsconfig.core.json resolves `k6` and `k6/*`: lib/core and thresholds/ are pure (Node and k6
// bundles both import them), so a k6 import there makes tsc fail on the line below, with its reason.
// Never imported on purpose; excluded from the core config's own file list.
const refusal: 'lib/core and thresholds/ may not import k6: move the file to lib/k6' = 'k6 imported';
export default refusal;
