import { randomBytes } from 'node:crypto';
import type { TestApp } from '../utils/create-test-app.js';

export const DEMO_PASSWORD = 'demo-password';

export interface TestAccount {
  token: string;
  userId: string;
  organizationId: string;
  email: string;
  password: string;
}

const LOGIN = `mutation Login($input: LoginInput!) {
  login(input: $input) { token user { id email role organization { id name kind verified } } }
}`;
const REGISTER = `mutation Register($input: RegisterInput!) {
  register(input: $input) { token user { id email role organization { id name kind verified } } }
}`;

interface AuthData {
  token: string;
  user: { id: string; email: string; role: string; organization: { id: string; verified: boolean } };
}

function toAccount(data: AuthData, password: string): TestAccount {
  return {
    token: data.token,
    userId: data.user.id,
    organizationId: data.user.organization.id,
    email: data.user.email,
    password,
  };
}

export async function login(t: TestApp, email: string, password = DEMO_PASSWORD): Promise<TestAccount> {
  const res = await t.gql<{ login: AuthData }>(LOGIN, { input: { email, password } });
  if (!res.data?.login) throw new Error(`login ${email} failed: ${JSON.stringify(res.errors)}`);
  return toAccount(res.data.login, password);
}

async function register(t: TestApp, kind: 'PROVIDER' | 'BUYER'): Promise<TestAccount> {
  const id = randomBytes(4).toString('hex');
  const password = `password-${id}`;
  const res = await t.gql<{ register: AuthData }>(REGISTER, {
    input: { email: `${kind.toLowerCase()}-${id}@example.test`, password, organizationName: `${kind} ${id}`, kind },
  });
  if (!res.data?.register) throw new Error(`register failed: ${JSON.stringify(res.errors)}`);
  return toAccount(res.data.register, password);
}

export const createProvider = (t: TestApp) => register(t, 'PROVIDER');
export const createBuyer = (t: TestApp) => register(t, 'BUYER');
export const loginAdmin = (t: TestApp) => login(t, 'admin@demo.eastlake');
export const loginRegulator = (t: TestApp) => login(t, 'regulator@demo.eastlake');
export { LOGIN, REGISTER };
