import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  MemoryTileStore,
  MerkleFrontier,
  entryLeafHash,
  fromHex,
  merkleTreeHash,
  tilesForTreeSize,
  toHex,
  verifyConsistency,
  verifyExport,
  verifyInclusion,
  verifyTreeHeadSignature,
  type LedgerEntry,
  type SignedTreeHead,
} from '@eastlake/ledger';
import { DataSource } from 'typeorm';
import { openDataSource } from '../src/database/data-source.js';
import { SYSTEM_ACTOR } from '../src/modules/ledger/ledger-actor.js';
import { LedgerService } from '../src/modules/ledger/ledger.service.js';
import { codeOf, createTestApp, type TestApp } from './utils/create-test-app.js';
import { createBuyer, login, loginAdmin, loginRegulator, LOGIN, type TestAccount } from './factories/accounts.factory.js';

interface ExportLine {
  seq: number;
  entry: LedgerEntry;
  leafHash: string;
}

describe('audit ledger (e2e)', () => {
  let t: TestApp;
  let ledger: LedgerService;
  let regulator: TestAccount;
  let admin: TestAccount;

  const exportLines = async (token: string): Promise<string[]> => {
    const res = await t.http().get('/api/ledger/export').set('authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    return res.text.split('\n').filter((l) => l.length > 0);
  };
  const headOf = async (token: string): Promise<SignedTreeHead> => {
    const res = await t.http().get('/api/ledger/head').set('authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    return res.body as SignedTreeHead;
  };
  const actions = async (): Promise<string[]> => {
    await ledger.flush();
    return (await t.dataSource.query(`SELECT action FROM ledger_entries ORDER BY seq`)).map((r: { action: string }) => r.action);
  };

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '2' });
    ledger = t.app.get(LedgerService);
    regulator = await loginRegulator(t);
    admin = await loginAdmin(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('account events', () => {
    it('ledgers the demo seed, registrations, verification, role changes and user creation', async () => {
      expect((await actions()).slice(0, 5)).toEqual(Array(5).fill('account.registered'));
      const buyer = await createBuyer(t);
      await t.gql(`mutation($id: ID!) { verifyOrganization(id: $id) { id } }`, { id: buyer.organizationId }, admin.token);
      const created = await t.gql<{ createUser: { id: string } }>(
        `mutation { createUser(input: { email: "second-admin@example.test", password: "a-long-password", role: ADMIN, organizationName: "Ops" }) { id } }`,
        {},
        admin.token,
      );
      expect(created.errors).toBeUndefined();
      const entries = await t.gql<{ ledgerEntries: Array<{ entry: LedgerEntry }> }>(
        `query($s: ID) { ledgerEntries(subjectId: $s) { seq entry leafHash } }`,
        { s: buyer.organizationId },
        regulator.token,
      );
      expect(entries.data?.ledgerEntries.map((e) => e.entry.action)).toEqual(['account.registered', 'organization.verified']);
      const verified = entries.data!.ledgerEntries[1].entry;
      expect(verified.actor).toEqual({ userId: admin.userId, organizationId: admin.organizationId, role: 'ADMIN' });
      expect(await actions()).toEqual(expect.arrayContaining(['user.created']));
    });

    it('ledgers a role change with from and to', async () => {
      const res = await t.gql<{ createUser: { id: string } }>(
        `mutation { createUser(input: { email: "demoted@example.test", password: "a-long-password", role: ADMIN, organizationName: "Ops 2" }) { id } }`,
        {},
        admin.token,
      );
      const id = res.data!.createUser.id;
      const before = await ledger.size();
      // ADMIN ↔ ADMIN is the only role a PLATFORM organization fits; a misfit must leave no entry.
      const misfit = await t.gql(`mutation($id: ID!) { changeUserRole(userId: $id, role: BUYER) { role } }`, { id }, admin.token);
      expect(codeOf(misfit)).toBe('BAD_USER_INPUT');
      expect(await ledger.size()).toBe(before);
      await t.gql(`mutation($id: ID!) { changeUserRole(userId: $id, role: ADMIN) { role } }`, { id }, admin.token);
      const last = await t.gql<{ ledgerEntries: Array<{ entry: LedgerEntry }> }>(`query($s: ID) { ledgerEntries(subjectId: $s) { entry } }`, { s: id }, regulator.token);
      expect(last.data?.ledgerEntries.map((e) => [e.entry.action, e.entry.data])).toEqual([
        ['user.created', expect.objectContaining({ role: 'ADMIN' })],
        ['user.role_changed', { from: 'ADMIN', to: 'ADMIN' }],
      ]);
    });

    it('ledgers a sign-in rate limit without storing the email', async () => {
      const victim = await createBuyer(t);
      for (let i = 0; i < 2; i++) await t.gql(LOGIN, { input: { email: victim.email, password: `wrong-${i}-xxxxxx` } });
      await ledger.flush();
      const rows = await t.dataSource.query(`SELECT subject_type, subject_id, entry FROM ledger_entries WHERE action = 'auth.rate_limited'`);
      expect(rows).toHaveLength(1);
      expect(rows[0].subject_id).toBe(victim.userId);
      expect(rows[0].entry).not.toContain(victim.email);
      expect(JSON.parse(rows[0].entry).data).toMatchObject({ scope: 'account', keyDigest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    });
  });

  describe('reading the ledger', () => {
    it('is for regulators and admins only', async () => {
      const buyer = await login(t, 'buyer@demo.eastlake');
      expect((await t.http().get('/api/ledger/export')).status).toBe(401);
      expect((await t.http().get('/api/ledger/head').set('authorization', `Bearer ${buyer.token}`)).status).toBe(403);
      expect(codeOf(await t.gql(`{ ledgerHead { treeSize } }`, {}, buyer.token))).toBe('FORBIDDEN');
      expect(codeOf(await t.gql(`{ ledgerEntries { seq } }`, {}, buyer.token))).toBe('FORBIDDEN');
      expect(codeOf(await t.gql(`{ verifyLedger { ok } }`))).toBe('UNAUTHENTICATED');
    });

    it('serves a signed head and an export that verify offline', async () => {
      const head = await headOf(regulator.token);
      expect(verifyTreeHeadSignature(head)).toBe(true);
      const lines = await exportLines(admin.token);
      expect(lines.length).toBe(head.treeSize);
      const parsed = lines.map((l) => JSON.parse(l) as ExportLine);
      expect(parsed.map((l) => l.seq)).toEqual(Array.from({ length: head.treeSize }, (_, i) => i + 1));
      const leaves = parsed.map((l) => entryLeafHash(l.entry));
      expect(parsed.map((l) => l.leafHash)).toEqual(leaves.map(toHex));
      expect(toHex(merkleTreeHash(leaves))).toBe(head.rootHash);
      const result = await verifyExport(lines, head);
      expect(result.ok).toBe(true);
      const gqlHead = await t.gql<{ ledgerHead: SignedTreeHead }>(`{ ledgerHead { treeSize rootHash timestamp signature publicKey } }`, {}, regulator.token);
      expect(gqlHead.data?.ledgerHead).toEqual(head);
    });

    it('serves inclusion and consistency proofs that verify', async () => {
      const head = await headOf(regulator.token);
      const lines = (await exportLines(regulator.token)).map((l) => JSON.parse(l) as ExportLine);
      for (const seq of [1, Math.ceil(head.treeSize / 2), head.treeSize]) {
        const res = await t.gql<{ ledgerInclusionProof: { leafIndex: number; leafHash: string; auditPath: string[] } }>(
          `query($s: Int!, $n: Int!) { ledgerInclusionProof(seq: $s, treeSize: $n) { leafIndex treeSize leafHash auditPath } }`,
          { s: seq, n: head.treeSize },
          regulator.token,
        );
        const proof = res.data!.ledgerInclusionProof;
        expect(proof.leafHash).toBe(lines[seq - 1].leafHash);
        expect(proof.auditPath.length).toBeLessThanOrEqual(Math.ceil(Math.log2(head.treeSize)));
        expect(verifyInclusion(proof.leafIndex, head.treeSize, fromHex(proof.leafHash), proof.auditPath.map(fromHex), fromHex(head.rootHash))).toBe(true);
      }
      const old = { size: 3, root: merkleTreeHash(lines.slice(0, 3).map((l) => fromHex(l.leafHash))) };
      const res = await t.gql<{ ledgerConsistencyProof: { proof: string[] } }>(
        `query($a: Int!, $b: Int!) { ledgerConsistencyProof(fromSize: $a, toSize: $b) { proof } }`,
        { a: 3, b: head.treeSize },
        regulator.token,
      );
      expect(verifyConsistency(3, head.treeSize, res.data!.ledgerConsistencyProof.proof.map(fromHex), old.root, fromHex(head.rootHash))).toBe(true);
      const bad = await t.gql(`{ ledgerInclusionProof(seq: 0, treeSize: 1) { leafIndex } }`, {}, regulator.token);
      expect(codeOf(bad)).toBe('BAD_USER_INPUT');
      const beyond = await t.gql(`{ ledgerConsistencyProof(fromSize: 1, toSize: 100000) { proof } }`, {}, regulator.token);
      expect(codeOf(beyond)).toBe('BAD_USER_INPUT');
    });

    it('verifies itself on the server', async () => {
      await headOf(regulator.token);
      const res = await t.gql<{ verifyLedger: { ok: boolean; treeSize: number; headsChecked: number } }>(`{ verifyLedger { ok treeSize headsChecked firstBadSeq problem } }`, {}, admin.token);
      expect(res.data?.verifyLedger).toMatchObject({ ok: true, treeSize: await ledger.size() });
      expect(res.data!.verifyLedger.headsChecked).toBeGreaterThan(0);
    });
  });

  describe('transactions', () => {
    it('refuses an append outside a transaction', async () => {
      await expect(
        ledger.append(t.dataSource.manager, { action: 'x', actor: SYSTEM_ACTOR, subject: { type: 'T', id: '1' } }),
      ).rejects.toThrow(/inside the transaction/);
    });

    it('rolls an entry back with the business write that failed', async () => {
      const before = await ledger.size();
      await expect(
        t.dataSource.transaction(async (manager) => {
          await ledger.append(manager, { action: 'test.doomed', actor: SYSTEM_ACTOR, subject: { type: 'T', id: '1' } });
          await manager.query(`INSERT INTO organizations (name, kind) VALUES ('x', 'NOT_A_KIND')`);
        }),
      ).rejects.toThrow();
      expect(await ledger.size()).toBe(before);
      expect(await actions()).not.toContain('test.doomed');
    });

    it('stores the same columns whether a batch travels as joined text or, with a newline in a subject, as arrays', async () => {
      const actor = { userId: '00000000-0000-4000-8000-000000000001', organizationId: null, role: 'ADMIN' } as const;
      const batch = async (ids: string[]) => {
        await ledger.flush();
        const before = await ledger.size();
        await t.dataSource.transaction((m) =>
          ledger.appendMany(m, ids.map((id, i) => ({ action: 'test.columns', actor, subject: { type: 'Note', id }, data: { i } }))),
        );
        await ledger.flush();
        return (await t.dataSource.query(
          `SELECT seq, action, subject_type, subject_id, actor_user_id, at, entry, leaf_hash FROM ledger_entries WHERE seq > $1 ORDER BY seq`,
          [before],
        )) as Array<{ seq: string; action: string; subject_type: string; subject_id: string; actor_user_id: string | null; at: Date; entry: string; leaf_hash: string }>;
      };
      for (const ids of [['a', 'b', 'c'], ['d', 'two\nlines', 'e']]) {
        const rows = await batch(ids);
        expect(rows.map((r) => r.subject_id)).toEqual(ids);
        for (const r of rows) {
          const entry = JSON.parse(r.entry) as LedgerEntry;
          expect(entry.seq).toBe(Number(r.seq));
          expect([r.action, r.subject_type, r.subject_id, r.actor_user_id]).toEqual([entry.action, entry.subject.type, entry.subject.id, entry.actor.userId]);
          expect(r.at.toISOString()).toBe(entry.at);
          expect(r.leaf_hash).toBe(toHex(entryLeafHash(entry)));
        }
      }
      const res = await t.gql<{ verifyLedger: { ok: boolean } }>(`{ verifyLedger { ok } }`, {}, admin.token);
      expect(res.data?.verifyLedger.ok).toBe(true);
    });
  });

  describe('append-only storage', () => {
    it.each([
      ['UPDATE', `UPDATE ledger_entries SET action = 'forged' WHERE seq = 1`],
      ['DELETE', `DELETE FROM ledger_entries WHERE seq = 1`],
      ['TRUNCATE', `TRUNCATE ledger_entries`],
      ['UPDATE of a signed head', `UPDATE ledger_tree_heads SET root_hash = repeat('0', 64)`],
      ['TRUNCATE of the queue', `TRUNCATE ledger_pending`],
    ])('rejects %s', async (_name, sql) => {
      await expect(t.dataSource.query(sql)).rejects.toThrow(/append-only/);
    });

    it('rejects UPDATE of a queued entry', async () => {
      await expect(
        t.dataSource.transaction(async (m) => {
          await m.query(`INSERT INTO ledger_pending (payload) VALUES ('{}')`);
          await m.query(`UPDATE ledger_pending SET payload = '{"forged":true}'`);
        }),
      ).rejects.toThrow(/append-only/);
    });
  });

  describe('tampering by someone who disabled the trigger', () => {
    let snapshot: Array<Record<string, unknown>>;
    let headSnapshot: Array<Record<string, unknown>>;
    let treeHeads: Array<Record<string, unknown>>;
    let tileSnapshot: Array<Record<string, unknown>>;
    let tailSnapshot: Array<Record<string, unknown>>;
    let earlierHead: SignedTreeHead;

    const LEDGER_TABLES = ['ledger_entries', 'ledger_tree_heads', 'ledger_tiles', 'ledger_tile_tail', 'ledger_checkpoints'];
    const restore = async () => {
      await t.dataSource.transaction(async (m) => {
        for (const table of LEDGER_TABLES) await m.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
        await m.query(`DELETE FROM ledger_tiles`);
        await m.query(`DELETE FROM ledger_tile_tail`);
        await m.query(`DELETE FROM ledger_checkpoints`);
        for (const r of tileSnapshot) await m.query(`INSERT INTO ledger_tiles (level, idx, data) VALUES ($1, $2, $3)`, [r.level, r.idx, r.data]);
        for (const r of tailSnapshot) await m.query(`INSERT INTO ledger_tile_tail (level, idx, start, hashes) VALUES ($1, $2, $3, $4)`, [r.level, r.idx, r.start, r.hashes]);
        await m.query(`DELETE FROM ledger_entries`);
        for (const r of snapshot) {
          await m.query(`INSERT INTO ledger_entries (seq, at, action, subject_type, subject_id, actor_user_id, entry, leaf_hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`, [
            r.seq, r.at, r.action, r.subject_type, r.subject_id, r.actor_user_id, r.entry, r.leaf_hash,
          ]);
        }
        await m.query(`DELETE FROM ledger_tree_heads`);
        for (const h of treeHeads) {
          await m.query(`INSERT INTO ledger_tree_heads (tree_size, root_hash, timestamp, signature, public_key) VALUES ($1,$2,$3,$4,$5)`, [
            h.tree_size, h.root_hash, h.timestamp, h.signature, h.public_key,
          ]);
        }
        await m.query(`UPDATE ledger_head SET size = $1, frontier = $2`, [headSnapshot[0].size, JSON.stringify(headSnapshot[0].frontier)]);
        for (const table of LEDGER_TABLES) await m.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
      });
    };
    const tamper = (sql: Array<string | [string, unknown[]]>) =>
      t.dataSource.transaction(async (m) => {
        for (const table of LEDGER_TABLES) await m.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
        for (const s of sql) await (typeof s === 'string' ? m.query(s) : m.query(s[0], s[1]));
        for (const table of LEDGER_TABLES) await m.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
      });
    const serverVerdict = async () =>
      (await t.gql<{ verifyLedger: { ok: boolean; firstBadSeq: number | null; problem: string | null } }>(`{ verifyLedger { ok firstBadSeq problem } }`, {}, regulator.token)).data!.verifyLedger;

    beforeAll(async () => {
      earlierHead = await headOf(regulator.token);
      await ledger.flush();
      snapshot = await t.dataSource.query(`SELECT * FROM ledger_entries ORDER BY seq`);
      headSnapshot = await t.dataSource.query(`SELECT size, frontier FROM ledger_head`);
      treeHeads = await t.dataSource.query(`SELECT * FROM ledger_tree_heads`);
      tileSnapshot = await t.dataSource.query(`SELECT * FROM ledger_tiles`);
      tailSnapshot = await t.dataSource.query(`SELECT * FROM ledger_tile_tail`);
      expect(snapshot.length).toBeGreaterThanOrEqual(8);
    });
    afterAll(async () => {
      await restore();
      expect((await serverVerdict()).ok).toBe(true);
    });

    it('detects an edited payload', async () => {
      await tamper([`UPDATE ledger_entries SET entry = replace(entry, '"role":"PROVIDER"', '"role":"BUYER"') WHERE seq = 1`]);
      expect(await serverVerdict()).toMatchObject({ ok: false, firstBadSeq: 1, problem: expect.stringMatching(/leaf hash/) });
      const offline = await verifyExport(await exportLines(regulator.token), earlierHead);
      expect(offline).toMatchObject({ ok: false, seq: 1 });
      await restore();
    });

    it('detects a deleted row', async () => {
      await tamper([`DELETE FROM ledger_entries WHERE seq = 4`]);
      expect(await serverVerdict()).toMatchObject({ ok: false, firstBadSeq: 4, problem: expect.stringMatching(/missing/) });
      expect(await verifyExport(await exportLines(regulator.token), earlierHead)).toMatchObject({ ok: false, seq: 4 });
      await restore();
    });

    it('detects a reordered pair', async () => {
      await tamper([
        `UPDATE ledger_entries SET seq = seq + 1000000 WHERE seq IN (2, 3)`,
        `UPDATE ledger_entries SET seq = CASE seq WHEN 1000002 THEN 3 ELSE 2 END WHERE seq IN (1000002, 1000003)`,
      ]);
      expect(await serverVerdict()).toMatchObject({ ok: false, firstBadSeq: 2 });
      expect(await verifyExport(await exportLines(regulator.token), earlierHead)).toMatchObject({ ok: false, seq: 2 });
      await restore();
    });

    it('detects a truncated tail, even with the head row rewound', async () => {
      const keep = snapshot.length - 2;
      const frontier = new MerkleFrontier();
      for (const r of snapshot.slice(0, keep)) frontier.append(fromHex(String(r.leaf_hash)));
      await tamper([
        `DELETE FROM ledger_entries WHERE seq > ${keep}`,
        `UPDATE ledger_head SET size = ${keep}, frontier = '${JSON.stringify(frontier.toState())}'`,
      ]);
      expect(await serverVerdict()).toMatchObject({ ok: false, problem: expect.stringMatching(/signed for \d+ entries but only/) });
      expect(await verifyExport(await exportLines(regulator.token), earlierHead)).toMatchObject({ ok: false });
      await restore();
    });

    it('detects a whole rewritten history with recomputed hashes, against a head signed earlier', async () => {
      // The attacker rewrites entry 2, recomputes every leaf hash and the head row, and
      // deletes every stored signed head. Only the regulator's earlier head remains.
      const forged = snapshot.map((r) => {
        const entry = JSON.parse(String(r.entry)) as LedgerEntry;
        if (entry.seq === 2) entry.data = { ...entry.data, organizationName: 'Someone Else' };
        return { seq: entry.seq, entry, leaf: entryLeafHash(entry) };
      });
      const frontier = new MerkleFrontier();
      for (const f of forged) frontier.append(f.leaf);
      const { canonicalJson } = await import('@eastlake/ledger');
      const rewrite = [
        `DELETE FROM ledger_tree_heads`,
        `DELETE FROM ledger_checkpoints`,
        ...forged.map((f) => `UPDATE ledger_entries SET entry = '${canonicalJson(f.entry).replace(/'/g, "''")}', leaf_hash = '${toHex(f.leaf)}' WHERE seq = ${f.seq}`),
        `UPDATE ledger_head SET frontier = '${JSON.stringify(frontier.toState())}'`,
      ];
      await tamper(rewrite);
      // Left as they were, the stored tiles give the rewrite away …
      expect(await serverVerdict()).toMatchObject({ ok: false, problem: expect.stringMatching(/^tile\/0\/000.* does not match/) });
      // … so a careful attacker rewrites them too.
      const tiles = MemoryTileStore.fromLeafHashes(forged.map((f) => f.leaf));
      await tamper([
        `DELETE FROM ledger_tiles`,
        `DELETE FROM ledger_tile_tail`,
        ...tilesForTreeSize(forged.length).map((c): [string, unknown[]] => {
          const data = Buffer.from((tiles.tile(c.level, c.index) as Uint8Array).subarray(0, c.width * 32));
          return c.width === 256
            ? [`INSERT INTO ledger_tiles (level, idx, data) VALUES ($1, $2, $3)`, [c.level, c.index, data]]
            : [`INSERT INTO ledger_tile_tail (level, idx, start, hashes) VALUES ($1, $2, 0, $3)`, [c.level, c.index, data]];
        }),
      ]);
      // The server alone cannot tell (every signed head and checkpoint it had is gone) …
      expect((await serverVerdict()).ok).toBe(true);
      // … but the regulator's earlier signed head can.
      const offline = await verifyExport(await exportLines(regulator.token), earlierHead);
      expect(offline.ok).toBe(false);
      const newHead = await headOf(regulator.token);
      const proof = await t.gql<{ ledgerConsistencyProof: { proof: string[] } }>(
        `query($a: Int!, $b: Int!) { ledgerConsistencyProof(fromSize: $a, toSize: $b) { proof } }`,
        { a: earlierHead.treeSize, b: newHead.treeSize },
        regulator.token,
      );
      const consistent = verifyConsistency(
        earlierHead.treeSize,
        newHead.treeSize,
        proof.data!.ledgerConsistencyProof.proof.map(fromHex),
        fromHex(earlierHead.rootHash),
        fromHex(newHead.rootHash),
      );
      expect(consistent).toBe(false);
      await restore();
    });
  });

  describe('concurrent writers', () => {
    it('gives 8 writers × 500 appends gap-free sequence numbers and the recomputed root', async () => {
      const start = await ledger.size();
      // With PostgreSQL, half the writers go through a second connection pool, as a second API process would.
      let second: DataSource | undefined;
      let secondLedger = ledger;
      if (t.config.databaseUrl) {
        second = await openDataSource(t.config);
        secondLedger = new LedgerService(second);
      }
      const writer = async (w: number) => {
        const [ds, l] = w % 2 === 0 || !second ? [t.dataSource, ledger] : [second, secondLedger];
        for (let i = 0; i < 500; i++) {
          await ds.transaction((m) => l.append(m, { action: 'test.concurrent', actor: SYSTEM_ACTOR, subject: { type: 'Writer', id: String(w) }, data: { i } }));
        }
      };
      await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));
      await secondLedger.flush();
      if (second) {
        await secondLedger.onModuleDestroy();
        await second.destroy();
      }
      await ledger.flush();

      const rows: Array<{ seq: string; entry: string; leaf_hash: string }> = await t.dataSource.query(`SELECT seq, entry, leaf_hash FROM ledger_entries ORDER BY seq`);
      expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: start + 4000 }, (_, i) => i + 1));
      const leaves = rows.map((r) => entryLeafHash(JSON.parse(r.entry) as LedgerEntry));
      const head = await headOf(regulator.token);
      expect(head.treeSize).toBe(start + 4000);
      expect(head.rootHash).toBe(toHex(merkleTreeHash(leaves)));
    }, 240_000);
  });
});
