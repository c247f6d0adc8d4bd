import { mulberry32, slackId } from "./ids.js";
import type { GroupRecord, UserRecord } from "./store/records.js";

const givenNames = [
  "Ada",
  "Grace",
  "Alan",
  "Katherine",
  "Linus",
  "Margaret",
  "Dennis",
  "Barbara",
  "Ken",
  "Frances",
  "Edsger",
  "Radia",
  "Donald",
  "Hedy",
  "Tim",
  "Annie",
  "Guido",
  "Sophie",
  "Yukihiro",
  "Joan",
  "Bjarne",
  "Mary",
  "James",
  "Shafi",
  "Leslie",
  "Anita",
  "Niklaus",
  "Evelyn",
  "John",
  "Lynn",
];
const familyNames = [
  "Lovelace",
  "Hopper",
  "Turing",
  "Johnson",
  "Torvalds",
  "Hamilton",
  "Ritchie",
  "Liskov",
  "Thompson",
  "Allen",
  "Dijkstra",
  "Perlman",
  "Knuth",
  "Lamarr",
  "Berners",
  "Easley",
  "Rossum",
  "Wilson",
  "Matsumoto",
  "Clarke",
  "Stroustrup",
  "Keller",
  "Gosling",
  "Goldwasser",
  "Lamport",
  "Borg",
  "Wirth",
  "Berezin",
  "McCarthy",
  "Conway",
];
const titles = [
  "Software Engineer",
  "Senior Engineer",
  "Staff Engineer",
  "Product Manager",
  "Designer",
  "Analyst",
  "Account Executive",
  "Support Specialist",
  "Engineering Manager",
  "Recruiter",
  "Data Scientist",
  "",
];
const timezones = [
  "America/Los_Angeles",
  "America/New_York",
  "America/Chicago",
  "Europe/London",
  "Europe/Berlin",
  "Asia/Tokyo",
  "Australia/Sydney",
  "Asia/Kolkata",
];
const departments = [
  "Engineering",
  "Product",
  "Design",
  "Sales",
  "Support",
  "People",
  "Finance",
  "Marketing",
];
const divisions = ["R&D", "Go-to-market", "Operations"];
const locales = ["en-US", "en-GB", "de-DE", "ja-JP", "fr-FR"];
const groupWords = ["platform", "mobile", "web", "infra", "data", "security", "growth", "billing", "search"];

/** A generated org. */
export interface SeededOrg {
  users: UserRecord[];
  groups: GroupRecord[];
}

/**
 * A deterministic, realistic org: the same `random` seed gives the same users and groups. The first user is the
 * primary owner; about 2% are admins, 3% multi-channel guests, 1% single-channel guests and 5% deactivated;
 * most carry enterprise fields; groups hold active members.
 */
export function seedOrg(
  counts: { users?: number; groups?: number; random?: number },
  formatCreated: (ms: number) => string,
): SeededOrg {
  const rand = mulberry32(counts.random ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const int = (n: number) => Math.floor(rand() * n);
  const ids = new Set<string>();
  const newId = (prefix: "W" | "S") => {
    let id = slackId(prefix, int);
    while (ids.has(id)) id = slackId(prefix, int);
    ids.add(id);
    return id;
  };
  const start = Date.UTC(2019, 0, 1);
  const users: UserRecord[] = [];
  const n = counts.users ?? 0;
  for (let i = 0; i < n; i++) {
    const given = pick(givenNames);
    const family = pick(familyNames);
    const suffix = i.toString(36);
    // The base-36 suffix keeps every userName (and so every email) unique: only the name part is cut to fit 21.
    const namePart = `${given.slice(0, 8)}.${family.slice(0, 8)}`.toLowerCase().slice(0, 20 - suffix.length);
    const userName = `${namePart}.${suffix}`;
    const roll = rand();
    const full = rand() < 0.8;
    const user: UserRecord = {
      id: newId("W"),
      externalId: `emp-${100000 + i}`,
      created: formatCreated(start + i * 60_000 + int(59_000)),
      userName,
      givenName: given,
      familyName: family,
      honorificPrefix: null,
      displayName: `${given} ${family[0]}.`,
      title: pick(titles),
      timezone: pick(timezones),
      active: i === 0 || roll >= 0.05,
      primaryEmail: `${userName}@acme.example`,
      secondaryEmail: rand() < 0.2 ? `${userName}@home.example` : null,
      photo: null,
      address: null,
      primaryPhone: full ? `+1 555 ${String(1000 + (i % 9000)).padStart(4, "0")}` : null,
      mobilePhone: null,
      userType: full ? "Employee" : null,
      role: null,
      preferredLanguage: null,
      locale: full ? pick(locales) : null,
      enterprise: full
        ? {
            employeeNumber: String(100000 + i),
            costCenter: `CC-${100 + int(40)}`,
            organization: "Acme",
            division: pick(divisions),
            department: pick(departments),
            managerId: i > 0 ? (users[int(Math.min(i, 50))]?.id ?? null) : null,
          }
        : null,
      startDate: null,
      guest: roll >= 0.05 && roll < 0.08 ? { type: "multi" } : null,
    };
    if (roll >= 0.08 && roll < 0.09) user.ultraRestricted = true;
    if (i === 0) {
      user.primaryOwner = true;
      user.admin = true;
    } else if (roll >= 0.09 && roll < 0.11) user.admin = true;
    users.push(user);
  }
  const active = users.filter((u) => u.active);
  const groups: GroupRecord[] = [];
  for (let g = 0; g < (counts.groups ?? 0); g++) {
    const members = new Set<string>();
    const size = active.length === 0 ? 0 : Math.min(active.length, 3 + int(40));
    while (members.size < size) members.add((active[int(active.length)] as UserRecord).id);
    groups.push({
      id: newId("S"),
      displayName: `${pick(groupWords)}-${pick(departments).toLowerCase()}-${g}`,
      created: formatCreated(start + g * 3_600_000),
      members: [...members],
    });
  }
  return { users, groups };
}
