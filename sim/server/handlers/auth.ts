/** /api/auth/* and /api/routes (server/routes/auth_routes.py, main_compute.py). */
import { hashPassword } from '../store.ts';
import type { Handler, Reply } from './types.ts';
import { INVALID_BODY, reply, str, strictJson } from './types.ts';

export const register: Handler = ({ body, deps: { store } }) => {
  const data = strictJson(body);
  if (!data) return INVALID_BODY;
  const email = str(data.email).trim();
  const password = str(data.password);
  const name = str(data.name).trim() || email.split('@')[0] || 'user';
  const orgName = str(data.org_name).trim();
  if (!email || !password) return reply(400, { error: 'Email and password are required' });
  if (password.length < 8) return reply(400, { error: 'Password must be at least 8 characters' });
  if (!orgName) return reply(400, { error: 'Organization name is required' });
  if (orgName.length > 100) return reply(400, { error: 'Organization name must be 100 characters or less' });
  if (store.usersByEmail.has(email.toLowerCase())) return reply(409, { error: 'User with this email already exists' });
  if (store.orgNames.has(orgName.toLowerCase())) {
    return reply(409, {
      error:
        "An organization with this name already exists. Please contact your organization's admin to get an account.",
      code: 'duplicate_name',
    });
  }
  const user = store.createUser({ email, password, name, orgName });
  return reply(201, { id: user.id, email: user.email, name: user.name, role: 'admin', orgId: user.orgId, orgName });
};

export const login: Handler = ({ body, deps: { store } }) => {
  const data = strictJson(body);
  if (!data) return INVALID_BODY;
  const email = str(data.email).trim();
  const password = str(data.password);
  if (!email || !password) return reply(400, { error: 'Email and password are required' });
  const user = store.usersByEmail.get(email.toLowerCase());
  if (!user || user.passwordHash !== hashPassword(password)) return reply(401, { error: 'Invalid credentials' });
  return reply(200, {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    orgId: user.orgId,
    orgName: store.orgs.get(user.orgId)?.name ?? null,
    mustChangePassword: false,
    emailVerified: true,
  });
};

export const me: Handler = ({ identity, deps: { store } }) => {
  const user = identity ? store.users.get(identity.userId) : undefined;
  if (!user) return reply(404, { error: 'User not found' });
  return reply(200, {
    role: user.role,
    orgId: user.orgId,
    orgName: store.orgs.get(user.orgId)?.name ?? null,
    mustChangePassword: false,
    emailVerified: true,
  });
};

/**
 * `GET /api/routes`: Flask's url_map as `[{path, methods}]`. Paths keep Flask's `<param>` style,
 * as Aurora prints them; the simulator's templates write `{param}`.
 */
export function routeCatalog(templates: readonly string[]): Reply {
  return reply(
    200,
    templates.map((t) => {
      const [method, path = ''] = t.split(' ');
      return { path: path.replace(/\{(\w+)\}/g, '<$1>'), methods: [method] };
    }),
  );
}
