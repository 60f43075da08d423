/** The seeded demo (`npm start -- --demo`, `npm run demo`): people and events that show every flow. */

/** The local run's first admin (ADMIN_EMAIL of the auth service). */
export const LOCAL_ADMIN_EMAIL = "admin@turnout.test";

export interface DemoAccount {
  email: string;
  username: string;
  displayName: string;
  organizer: boolean;
}

const account = (username: string, displayName: string, organizer = false): DemoAccount => ({
  email: `${username}@demo.turnout.test`,
  username,
  displayName,
  organizer,
});

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  account("ada", "Ada Lovelace", true),
  account("grace", "Grace Hopper", true),
  account("alan", "Alan Turing"),
  account("katherine", "Katherine Johnson"),
  account("linus", "Linus Torvalds"),
  account("margaret", "Margaret Hamilton"),
  account("barbara", "Barbara Liskov"),
];

export interface DemoEvent {
  organizer: string;
  title: string;
  description: string;
  category: string;
  /** Days from the seeding day, at `hour` local time in `timezone`. */
  inDays: number;
  hour: number;
  hours: number;
  timezone: string;
  location: string;
  capacity: number;
  requiresApproval?: boolean;
  /** Ticket types and questions as `POST /api/v1/events` takes them (docs/booking-model.md). */
  ticketTypes?: readonly Record<string, unknown>[];
  questions?: readonly Record<string, unknown>[];
  /** Usernames of the attendees who sign up, in this order. */
  attendees: readonly string[];
}

const everyone = ["alan", "katherine", "linus", "margaret", "barbara"];

export const DEMO_EVENTS: readonly DemoEvent[] = [
  {
    organizer: "ada",
    title: "TypeScript Meetup Berlin",
    description: "Lightning talks on types, tooling and the compiler, then pizza.",
    category: "meetup",
    inDays: 3,
    hour: 18,
    hours: 3,
    timezone: "Europe/Berlin",
    location: "Alexanderplatz 1, 10178 Berlin",
    capacity: 80,
    attendees: ["alan", "katherine", "linus"],
  },
  {
    organizer: "ada",
    title: "Intro to Kafka workshop",
    description: "Hands-on: topics, partitions, consumer groups and the transactional outbox.",
    category: "workshop",
    inDays: 6,
    hour: 10,
    hours: 6,
    timezone: "Europe/Berlin",
    location: "Factory Görlitzer Park, Berlin",
    capacity: 3,
    attendees: everyone,
  },
  {
    organizer: "ada",
    title: "PostgreSQL performance clinic",
    description: "Bring your slowest query; we read EXPLAIN plans together.",
    category: "workshop",
    inDays: 9,
    hour: 14,
    hours: 3,
    timezone: "Europe/London",
    location: "Shoreditch Works, London",
    capacity: 25,
    attendees: ["margaret", "barbara"],
  },
  {
    organizer: "ada",
    title: "Analytical Engine Conference",
    description: "Two tracks on computing history and what it teaches us.",
    category: "conference",
    inDays: 21,
    hour: 9,
    hours: 9,
    timezone: "Europe/London",
    location: "The Barbican Centre, London",
    capacity: 500,
    // The booking model on show: three types (one hidden, for speakers), a question per seat.
    ticketTypes: [
      { name: "Conference pass", description: "Both days, both tracks.", quota: 420 },
      {
        name: "Student",
        description: "With a student card at the door.",
        quota: 60,
        max_per_order: 2,
      },
      { name: "Speaker", quota: 40, hidden: true, access_code: "engine-speakers" },
    ],
    questions: [
      { label: "Which track first?", kind: "choice", options: ["History", "Future"], per: "seat" },
      { label: "Dietary needs", kind: "text", per: "seat" },
    ],
    attendees: ["alan", "katherine"],
  },
  {
    organizer: "ada",
    title: "Women in Tech breakfast",
    description: "Coffee, croissants and mentoring circles. Approval by the organizer.",
    category: "community",
    inDays: 12,
    hour: 8,
    hours: 2,
    timezone: "Europe/Paris",
    location: "Station F, Paris",
    capacity: 40,
    requiresApproval: true,
    attendees: ["margaret", "barbara"],
  },
  {
    organizer: "ada",
    title: "Chamber music evening",
    description: "A string quartet plays Haydn and Fanny Mendelssohn.",
    category: "concert",
    inDays: 15,
    hour: 19,
    hours: 2,
    timezone: "Europe/Vienna",
    location: "Musikverein, Vienna",
    capacity: 120,
    attendees: ["linus"],
  },
  {
    organizer: "grace",
    title: "COBOL never dies: a retrospective",
    description: "Stories from fifty years of business software.",
    category: "meetup",
    inDays: 4,
    hour: 18,
    hours: 2,
    timezone: "America/New_York",
    location: "Brooklyn Navy Yard, New York",
    capacity: 60,
    attendees: ["alan", "barbara"],
  },
  {
    organizer: "grace",
    title: "Compiler construction bootcamp",
    description: "Write a small compiler in a weekend: lexer, parser, code generation.",
    category: "workshop",
    inDays: 18,
    hour: 9,
    hours: 8,
    timezone: "America/Chicago",
    location: "1871, Merchandise Mart, Chicago",
    capacity: 20,
    attendees: ["katherine", "linus"],
  },
  {
    organizer: "grace",
    title: "Distributed Systems Summit",
    description: "Consensus, clocks and the fallacies of distributed computing.",
    category: "conference",
    inDays: 30,
    hour: 9,
    hours: 8,
    timezone: "America/Los_Angeles",
    location: "Moscone West, San Francisco",
    capacity: 1000,
    attendees: everyone,
  },
  {
    organizer: "grace",
    title: "Harbour 10K fun run",
    description: "A flat 10 km along the harbour; all paces welcome.",
    category: "sports",
    inDays: 8,
    hour: 7,
    hours: 2,
    timezone: "Australia/Sydney",
    location: "Circular Quay, Sydney",
    capacity: 300,
    attendees: ["margaret"],
  },
  {
    organizer: "grace",
    title: "Open source maintainers circle",
    description: "An evening for maintainers: funding, burnout and governance.",
    category: "community",
    inDays: 10,
    hour: 18,
    hours: 3,
    timezone: "America/Toronto",
    location: "MaRS Discovery District, Toronto",
    capacity: 30,
    requiresApproval: true,
    attendees: ["linus", "alan"],
  },
  {
    organizer: "grace",
    title: "Jazz at the Navy Yard",
    description: "A big band night to close the season.",
    category: "concert",
    inDays: 25,
    hour: 20,
    hours: 3,
    timezone: "America/New_York",
    location: "Brooklyn Navy Yard, New York",
    capacity: 200,
    attendees: [],
  },
];
