// k6 test double: the k6 API surface on both sides, read from source with the TypeScript compiler:
// what the suite's bundle code imports from `k6` / `k6/*` (every .ts file under the given folders,
// recursively) and what the double's stand-ins in modules/ export. An API is `module.name`; a
// default import counts by the members read from it (`http.request` -> `k6/http.request`), since
// k6's default objects carry the same functions as its named exports. Type-only imports are erased
// by esbuild and need no stand-in. Pure apart from reading files.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import ts from 'typescript';

export interface Surface {
  /** `k6/http.request`, `k6.check`, ... -> the files that use it */
  apis: Map<string, string[]>;
  /** uses the comparison cannot follow (a default import passed around as a value) */
  opaque: string[];
}

const K6_MODULE = /^k6(\/.+)?$/;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : tsFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
}

/** Every runtime k6 API imported by the .ts files under `dirs` (recursively). */
export function suiteK6Imports(dirs: string[], root: string): Surface {
  const apis = new Map<string, string[]>();
  const opaque: string[] = [];
  const add = (api: string, file: string): void => {
    const files = apis.get(api) ?? [];
    if (!files.includes(file)) files.push(file);
    apis.set(api, files);
  };
  for (const file of dirs.flatMap(tsFiles)) {
    const src = parse(file);
    const rel = relative(root, file);
    /** local name of a default or namespace import -> its module */
    const objects = new Map<string, string>();
    for (const st of src.statements) {
      if (
        ts.isExportDeclaration(st) &&
        st.moduleSpecifier &&
        ts.isStringLiteral(st.moduleSpecifier) &&
        K6_MODULE.test(st.moduleSpecifier.text)
      ) {
        // a re-export: `export { check } from 'k6'` uses check; `export * from 'k6/http'` cannot be followed
        const mod = st.moduleSpecifier.text;
        const ec = st.exportClause;
        if (st.isTypeOnly) continue;
        if (!ec || !ts.isNamedExports(ec)) {
          opaque.push(`${rel}: re-exports all of ${mod}`);
          continue;
        }
        for (const el of ec.elements) if (!el.isTypeOnly) add(`${mod}.${(el.propertyName ?? el.name).text}`, rel);
        continue;
      }
      if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
      const mod = st.moduleSpecifier.text;
      const clause = st.importClause;
      if (!K6_MODULE.test(mod) || !clause || clause.isTypeOnly) continue;
      if (clause.name) {
        objects.set(clause.name.text, mod);
        add(`${mod}.default`, rel);
      }
      const nb = clause.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) objects.set(nb.name.text, mod);
      if (nb && ts.isNamedImports(nb)) {
        for (const el of nb.elements) if (!el.isTypeOnly) add(`${mod}.${(el.propertyName ?? el.name).text}`, rel);
      }
    }
    if (objects.size === 0) continue;
    const visit = (node: ts.Node): void => {
      if (
        ts.isIdentifier(node) &&
        objects.has(node.text) &&
        !ts.isImportClause(node.parent) &&
        !ts.isNamespaceImport(node.parent)
      ) {
        const p = node.parent;
        const isPropertyName =
          (ts.isPropertyAccessExpression(p) ||
            ts.isPropertyAssignment(p) ||
            ts.isPropertySignature(p) ||
            ts.isPropertyDeclaration(p) ||
            ts.isMethodDeclaration(p)) &&
          p.name === node;
        if (isPropertyName) {
          /* a property that happens to share the name */
        } else if (ts.isPropertyAccessExpression(p) && p.expression === node)
          add(`${objects.get(node.text)}.${p.name.text}`, rel);
        else if (!(ts.isTypeQueryNode(p) || ts.isQualifiedName(p)))
          opaque.push(`${rel}: ${node.text} used as a value (${p.getText(src).slice(0, 60)})`);
      }
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(src, visit);
  }
  return { apis, opaque };
}

/** The k6 module a stand-in file serves: modules/k6.ts -> `k6`, modules/http.ts -> `k6/http`. */
export function moduleOfStandIn(file: string): string {
  const name = basename(file, '.ts');
  return name === 'k6' ? 'k6' : `k6/${name.replace(/-/g, '/')}`;
}

/** Every named export of the double's stand-ins (modules/*.ts), as `module.name`. */
export function doubleK6Exports(modulesDir: string): Set<string> {
  const out = new Set<string>();
  for (const file of tsFiles(modulesDir)) {
    const mod = moduleOfStandIn(file);
    for (const st of parse(file).statements) {
      if (ts.isExportAssignment(st)) {
        out.add(`${mod}.default`);
        continue;
      }
      const exported =
        ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (!exported) continue;
      if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) {
          if (ts.isIdentifier(d.name)) out.add(`${mod}.${d.name.text}`);
          else if (ts.isObjectBindingPattern(d.name)) {
            for (const el of d.name.elements) if (ts.isIdentifier(el.name)) out.add(`${mod}.${el.name.text}`);
          }
        }
      } else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name) {
        out.add(`${mod}.${st.name.text}`);
      }
    }
  }
  return out;
}
