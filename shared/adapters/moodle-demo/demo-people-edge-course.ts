/**
 * Users 10–59, all enrolled in course 3 "Edge Cases 101" (context /1/30/31): every account, address, enrolment and
 * role case the audience rules distinguish. Unless an entry says otherwise a user has an active manual enrolment
 * since 2025-01-01 with no end and the student role in the course context.
 */
import type { DemoPerson } from './demo-person.js';
import { CONTEXT, DEMO_TIME, ENROL, ROLE } from './demo-site.js';

const activeManual = [{ enrolId: ENROL.edgeManual }];
const student = [{ roleId: ROLE.student, contextId: CONTEXT.edge }];

/** An edge-course learner: active manual enrolment and student role unless `extra` replaces them. */
function learner(id: number, name: string, email: string, note: string, extra: Partial<DemoPerson> = {}): DemoPerson {
  const [firstname = name, lastname = ''] = name.split(' ');
  return { id, firstname, lastname, email, note, enrolments: activeManual, roles: student, ...extra };
}

/** Account state and address cases (in the audience; the reason is the first that applies). */
const ACCOUNT_AND_ADDRESS: DemoPerson[] = [
  learner(10, 'Alice Archer', 'alice.archer@example.com', 'eligible baseline'),
  learner(11, 'Bob Deleted', '3f1c0e5f1e7a4b0c9d2e8a6b5c4d3e2f', 'deleted (also suspended; deleted wins)', {
    username: 'bob.deleted@example.com.1735689600',
    account: { deleted: 1, suspended: 1 },
  }),
  learner(12, 'Carol Suspended', 'carol.suspended@example.com', 'suspended account', { account: { suspended: 1 } }),
  learner(13, 'Dan Nologin', 'dan.nologin@example.com', "auth 'nologin' (also unconfirmed; nologin wins)", {
    account: { auth: 'nologin', confirmed: 0 },
  }),
  learner(14, 'Erin Unconfirmed', 'erin.unconfirmed@example.com', 'self-registration not confirmed', {
    account: { auth: 'email', confirmed: 0 },
  }),
  learner(15, 'Frank Blank', '', 'empty address'),
  learner(16, 'Gail Noat', 'no-at-sign', 'no @'),
  learner(17, 'Hal Short', 'a@b', 'one-label domain'),
  learner(18, 'Ivy Local', 'x@localhost', 'one-label domain'),
  learner(19, 'Jon Angle', 'bad<x>@example.com', '< and > are refused'),
  learner(20, 'Kim Dots', 'double..dot@example.com', 'double dot in the local part'),
  learner(21, 'Leo Reserved', 'learner@example.invalid', "ends in '.invalid': Moodle skips it"),
  learner(22, "Maeve O'Brien", "o'brien+tag@example.co.uk", 'eligible: apostrophe and plus are atext'),
  learner(23, 'Anne Upper', 'ANNE@EXAMPLE.ORG', 'eligible: upper case'),
  learner(24, 'Quentin Quiet', 'quentin.quiet@example.com', 'emailstop = 1', { account: { emailstop: 1 } }),
  learner(25, 'Lea Lead', '.lead@example.com', 'leading dot'),
  learner(26, 'Tom Trail', 'trail.@example.com', 'trailing dot in the local part'),
  learner(27, 'Lars Long', `${'l'.repeat(65)}@example.com`, 'local part of 65 characters'),
  learner(28, 'Lara Limit', `${'l'.repeat(64)}@example.com`, 'eligible: local part of exactly 64'),
  learner(29, 'Nina Numeric', 'nina@example.123', 'last label starts with a digit'),
  learner(30, 'Ivan Punycode', 'ivan@xn--80akhbyknj4f.xn--p1ai', 'eligible: IDN in punycode'),
  learner(31, 'Hugh Hyphen', 'hugh@-example.com', 'label starts with a hyphen'),
  learner(32, 'Nell Newline', 'nell@example.com\n', 'trailing newline (PCRE $ would accept it)'),
  learner(33, 'Quinta Quoted', '"quinta"@example.com', 'quoted local part: PHP accepts, we refuse (documented)'),
  learner(34, 'Ike Literal', 'ike@[192.168.0.1]', 'IP-literal domain: PHP accepts, we refuse (documented)'),
  learner(35, 'Otto Overlong', `otto@${'a'.repeat(64)}.com`, 'domain label of 64 characters'),
  learner(36, 'Ella Edge', `ella@${'a'.repeat(63)}.com`, 'eligible: domain label of exactly 63'),
  learner(37, 'Zoë Unicode', 'zoë@example.com', 'non-ASCII local part'),
  learner(38, 'Dot Domain', 'dot@example.com.', 'trailing dot in the domain'),
  learner(39, 'Ada Atext', "a.b!#$%&'*+/=?^_`{|}~-@example.com", 'eligible: every atext symbol'),
  learner(59, 'Sam Longs', 'ſam@example.com', 'long s (U+017F): a case-insensitive MariaDB REGEXP would take it for s'),
];

/** Enrolment cases: valid accounts, student role; only the enrolment differs. */
const ENROLMENTS: DemoPerson[] = [
  learner(40, 'Gina Paused', 'gina.paused@example.com', 'not in audience: user_enrolments.status = 1', {
    enrolments: [{ enrolId: ENROL.edgeManual, status: 1 }],
  }),
  learner(41, 'Hank Cohort', 'hank.cohort@example.com', 'not in audience: only via the disabled enrol instance', {
    enrolments: [{ enrolId: ENROL.edgeCohortDisabled }],
  }),
  learner(42, 'Iris Later', 'iris.later@example.com', 'not in audience before 2035: starts 2035-01-01', {
    enrolments: [{ enrolId: ENROL.edgeManual, timestart: DEMO_TIME.future }],
  }),
  learner(43, 'Jack Expired', 'jack.expired@example.com', 'not in audience: ended 2024-06-30', {
    enrolments: [{ enrolId: ENROL.edgeManual, timeend: DEMO_TIME.expired }],
  }),
  learner(44, 'Kate Fixed', 'kate.fixed@example.com', 'eligible: ends 2040-01-01', {
    enrolments: [{ enrolId: ENROL.edgeManual, timeend: DEMO_TIME.farEnd }],
  }),
  learner(45, 'Liam Max', 'liam.max@example.com', 'eligible: timeend 2147483647 means no end', {
    enrolments: [{ enrolId: ENROL.edgeManual, timeend: DEMO_TIME.maxTimestamp }],
  }),
  learner(46, 'Mia Zero', 'mia.zero@example.com', 'eligible: timestart 0 and timeend 0', {
    enrolments: [{ enrolId: ENROL.edgeManual, timestart: 0, timeend: 0 }],
  }),
  learner(47, 'Noah Twice', 'noah.twice@example.com', 'eligible once: two active enrolments', {
    enrolments: [{ enrolId: ENROL.edgeManual }, { enrolId: ENROL.edgeSelf }],
  }),
  learner(48, 'Olga Mixed', 'olga.mixed@example.com', 'eligible: suspended manual, active self enrolment', {
    enrolments: [{ enrolId: ENROL.edgeManual, status: 1 }, { enrolId: ENROL.edgeSelf }],
  }),
  learner(49, 'Paul Nothing', 'paul.nothing@example.com', 'not in audience: disabled instance + expired', {
    enrolments: [{ enrolId: ENROL.edgeCohortDisabled }, { enrolId: ENROL.edgeSelf, timeend: DEMO_TIME.expired }],
  }),
];

/** Role cases: active manual enrolment; only the role assignment differs. */
const ROLES: DemoPerson[] = [
  learner(50, 'Quinn Category', 'quinn.category@example.com', 'eligible: student in the parent category context', {
    roles: [{ roleId: ROLE.student, contextId: CONTEXT.practice }],
  }),
  learner(51, 'Rosa Teacher', 'rosa.teacher@example.com', 'not in audience: teacher only', {
    roles: [{ roleId: ROLE.teacher, contextId: CONTEXT.edge }],
  }),
  learner(52, 'Sam Roleless', 'sam.roleless@example.com', 'not in audience: no role', { roles: [] }),
  learner(53, 'Tara Custom', 'tara.custom@example.com', "eligible: custom role 'learner' has archetype student", {
    roles: [{ roleId: ROLE.learner, contextId: CONTEXT.edge }],
  }),
  learner(54, 'Umar Prefix', 'umar.prefix@example.com', 'not in audience: student at /1/3, not a parent of /1/30/31', {
    roles: [{ roleId: ROLE.student, contextId: CONTEXT.compliance }],
  }),
  learner(55, 'Vera System', 'vera.system@example.com', 'eligible: student at the system context', {
    roles: [{ roleId: ROLE.student, contextId: CONTEXT.system }],
  }),
  learner(56, 'Walt Elsewhere', 'walt.elsewhere@example.com', 'in no audience: student in course 2, enrolled in 3', {
    roles: [{ roleId: ROLE.student, contextId: CONTEXT.safety }],
  }),
  learner(57, 'Xena Both', 'xena.both@example.com', 'eligible: editing teacher and student', {
    roles: [
      { roleId: ROLE.editingteacher, contextId: CONTEXT.edge },
      { roleId: ROLE.student, contextId: CONTEXT.edge },
    ],
  }),
  learner(58, 'Yuri Observer', 'yuri.observer@example.com', 'not in audience: role without archetype', {
    roles: [{ roleId: ROLE.observer, contextId: CONTEXT.edge }],
  }),
];

/** Everyone enrolled in course 3, by id. */
export const EDGE_COURSE_PEOPLE: readonly DemoPerson[] = [...ACCOUNT_AND_ADDRESS, ...ENROLMENTS, ...ROLES];
