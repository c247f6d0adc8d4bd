import fc from "fast-check";
import { type StartedEmulator, startEmulator } from "slack-scim-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyPlan, type DesiredSyncUser, planSync } from "../../src/sync/index.js";
import { differences, readOrg, v2Client } from "./helpers.js";

// For random current orgs and random inputs over a few names, applying the plan yields the input's state: every
// record's attributes, manager, active state and groups, and every other user of the scope deactivated.
const names = ["ann", "bob", "cat", "dee", "eli", "fox"];
const groupNames = ["Red", "Green", "Blue"];
const title = fc.constantFrom("Analyst", "Engineer", null);

interface Current {
  name: string;
  title: string | null;
  phone: boolean;
  active: boolean;
  groups: string[];
}

const currentArb = fc.uniqueArray(
  fc.record({
    name: fc.constantFrom(...names),
    title,
    phone: fc.boolean(),
    active: fc.boolean(),
    groups: fc.subarray(groupNames.slice(0, 2)),
  }),
  { selector: (c) => c.name, maxLength: 5 },
);

const desiredArb = fc
  .uniqueArray(
    fc.record({
      name: fc.constantFrom(...names),
      title,
      active: fc.oneof(
        { arbitrary: fc.constant(true), weight: 3 },
        { arbitrary: fc.constant(false), weight: 1 },
      ),
      groups: fc.subarray(groupNames),
      manager: fc.option(fc.constantFrom(...names), { nil: undefined }),
      department: fc.constantFrom("Ops", "Sales", null, undefined),
      phone: fc.constantFrom("+1 555 0100", "+1 555 0199", null, undefined),
    }),
    { selector: (d) => d.name, maxLength: 5 },
  )
  .map((list) =>
    list.map((d): DesiredSyncUser => {
      const record: DesiredSyncUser = {
        userName: d.name,
        email: `${d.name}@acme.example`,
        givenName: "Someone",
        title: d.title,
        active: d.active,
        groups: d.groups,
      };
      if (d.department !== undefined) record.department = d.department;
      if (d.phone !== undefined) record.phone = d.phone;
      // A manager is someone else in the input, and active.
      if (
        d.manager !== undefined &&
        d.manager !== d.name &&
        list.some((o) => o.name === d.manager && o.active)
      ) {
        record.manager = d.manager;
      }
      return record;
    }),
  );

let emulator: StartedEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(() => emulator.close());

async function seed(current: Current[]): Promise<void> {
  emulator.reset();
  const client = v2Client(emulator);
  const ids = new Map<string, string>();
  await Promise.all(
    current.map(async (c) => {
      const { user } = await client.createUser({
        userName: c.name,
        emails: [{ value: `${c.name}@acme.example`, primary: true }],
        name: { givenName: "Someone", familyName: c.name },
        ...(c.title === null ? {} : { title: c.title }),
        ...(c.phone
          ? {
              phoneNumbers: [
                { value: "+1 555 0100", primary: true },
                { value: "+1 555 0111", type: "work" },
              ],
            }
          : {}),
      });
      ids.set(c.name, user.id as string);
    }),
  );
  for (const group of groupNames.slice(0, 2)) {
    const members = current
      .filter((c) => c.groups.includes(group))
      .map((c) => ({ value: ids.get(c.name) as string }));
    await client.createGroup({ displayName: group, members });
  }
  await Promise.all(
    current.filter((c) => !c.active).map((c) => client.deleteUser(ids.get(c.name) as string)),
  );
}

describe("sync, property", () => {
  it("applying the plan yields the desired state, for random orgs and inputs", {
    timeout: 120_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(currentArb, desiredArb, async (current, desired) => {
        await seed(current);
        const client = v2Client(emulator);
        const plan = await planSync(client, desired, { deactivateMissing: true, scope: { exclude: [] } });
        const report = await applyPlan(client, plan, { force: true, maxDeactivations: Infinity });
        expect(report.steps.filter((s) => s.status !== "done")).toEqual([]);
        expect(await differences(client, desired)).toEqual([]);
        const org = await readOrg(client);
        for (const [name, user] of org) {
          if (!desired.some((d) => d.userName === name)) expect(user.active, name).toBe(false);
          // The file names the primary phone only: Slack's mobile slot stays as it was.
          const mobile = user.phoneNumbers?.find((p) => p.type === "mobile" && !p.primary)?.value ?? null;
          expect(mobile, name).toBe(current.find((c) => c.name === name)?.phone ? "+1 555 0111" : null);
        }
        // Nothing is left to do.
        const again = await planSync(client, desired, { deactivateMissing: true, scope: { exclude: [] } });
        expect(again.steps).toEqual([]);
      }),
      { numRuns: Number(process.env["SYNC_PROPERTY_RUNS"] ?? 12) },
    );
  });
});
