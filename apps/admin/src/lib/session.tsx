import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { defineAbilityFor, type AppAbility } from '@eastlake/policy';
import { configureClient, request } from '../api/client';
import {
  LoginDocument,
  MeDocument,
  RegisterDocument,
  type RegisterInput,
  type SessionUserFragment,
} from '../graphql/generated';

const TOKEN_KEY = 'eastlake.token';

interface SessionValue {
  user: SessionUserFragment | null;
  ability: AppAbility;
  /** True while a kept token is being checked with `me`. */
  restoring: boolean;
  login: (email: string, password: string) => Promise<void>;
  /** Registers an organization and its first user, and signs them in. */
  register: (input: RegisterInput) => Promise<void>;
  logout: () => void;
}

const SessionContext = createContext<SessionValue | null>(null);

function readToken(): string | null {
  try {
    return window.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function writeToken(token: string | null): void {
  try {
    if (token) window.sessionStorage.setItem(TOKEN_KEY, token);
    else window.sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // sessionStorage unavailable: the session lasts as long as the page
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUserFragment | null>(null);
  const [restoring, setRestoring] = useState<boolean>(() => readToken() !== null);

  const logout = useCallback(() => {
    writeToken(null);
    configureClient({ token: null });
    setUser(null);
  }, []);

  useEffect(() => {
    configureClient({ token: readToken(), onUnauthenticated: logout });
    if (!readToken()) return;
    let cancelled = false;
    request(MeDocument)
      .then((data) => {
        if (!cancelled) setUser(data.me);
      })
      .catch(() => {
        if (!cancelled) logout();
      })
      .finally(() => {
        if (!cancelled) setRestoring(false);
      });
    return () => {
      cancelled = true;
    };
  }, [logout]);

  const login = useCallback(async (email: string, password: string) => {
    const data = await request(LoginDocument, { input: { email, password } });
    writeToken(data.login.token);
    configureClient({ token: data.login.token });
    setUser(data.login.user);
  }, []);

  const register = useCallback(async (input: RegisterInput) => {
    const data = await request(RegisterDocument, { input });
    writeToken(data.register.token);
    configureClient({ token: data.register.token });
    setUser(data.register.user);
  }, []);

  const value = useMemo<SessionValue>(
    () => ({
      user,
      restoring,
      login,
      register,
      logout,
      ability: defineAbilityFor(
        user ? { id: user.id, organizationId: user.organization.id, role: user.role } : null,
      ),
    }),
    [user, restoring, login, register, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** What the navigation offers, straight from the shared CASL rules. */
export function usePermissions() {
  const { ability } = useSession();
  const canReview = ability.can('review', 'Dataset');
  const canAudit = ability.can('read', 'LedgerEntry');
  return {
    canReview,
    canAudit,
    canSeeDashboard: canAudit || canReview,
    canCreateUser: ability.can('create', 'User'),
    canVerifyOrganization: ability.can('verify', 'Organization'),
    /** Regulator audit views: transactions, risk flags, compliance report. */
    canAuditView: ability.can('read', 'AuditView'),
    canReadRequests: ability.can('read', 'AccessRequest'),
    canReadGrants: ability.can('read', 'Grant'),
    canRequestAccess: ability.can('create', 'AccessRequest'),
    canDecideRequests: ability.can('decide', 'AccessRequest'),
    canRevokeGrants: ability.can('revoke', 'Grant'),
    canDownload: ability.can('download', 'Grant'),
    /** The statutory period report (regulators). */
    canReadStatutoryReport: ability.can('read', 'StatutoryReport'),
    /** Cross-border evidence and exporters' years (regulators review; admins and exporters read). */
    canReadCrossBorder: ability.can('read', 'CrossBorderEvidence'),
  };
}
