// Reference results for cloudprep's FSRS-6 optimizer (src/core/fsrs_opt.c),
// produced by fsrs-rs 6.5.0 through its Node binding.
//
//   npm install --prefix /tmp/fsrs-ref @open-spaced-repetition/binding@0.5.0
//   FSRS_BINDING=/tmp/fsrs-ref/node_modules/@open-spaced-repetition/binding/dist/index.mjs \
//     node tools/fsrs-optimize-ref/gen.mjs tests/fixtures/fsrs-optimize
//
// It simulates learners whose memory follows FSRS-6 with known parameters
// (the "truth"), writes their review logs as TSV (card_id, day, rating; the
// 100,000-review one gzipped), and asks fsrs-rs for the parameters it fits
// with short-term on and off and for the log loss and RMSE(bins) of those,
// of the defaults and of the truth. Everything is seeded (mulberry32), so the
// same binding version writes the same files.
//
//   node tools/fsrs-optimize-ref/gen.mjs --time LOG.tsv[.gz] [N]
//
// instead times fsrs-rs fitting LOG with short-term on and off (one warm-up,
// then the median of N fits; what bench/run calls) and prints
// `BENCH<TAB>fsrs-rs fit, short-term on<TAB>seconds<TAB>s<TAB>note` lines.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync, gunzipSync } from 'node:zlib'

const binding = await import(process.env.FSRS_BINDING ?? '@open-spaced-repetition/binding')
const { FSRSBinding, FSRSBindingItem, FSRSBindingReview, computeParameters } = binding

// ---- the review log and its items (the same rules as src/core/fsrs_opt.c) --

// Parses `card_id<TAB>day<TAB>rating` with a header line.
export function parseLog(text) {
  const lines = text.split('\n')
  const head = lines[0].replace(/\r$/, '').split('\t')
  const col = (name) => head.indexOf(name)
  const [ci, di, ri] = [col('card_id'), col('day'), col('rating')]
  const rows = []
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '')
    if (line === '') continue
    const f = line.split('\t')
    rows.push({ card: f[ci], day: Number(f[di]), rating: Number(f[ri]), order: rows.length })
  }
  return rows
}

// One item per review with a positive gap after a card's first review,
// carrying the card's reviews up to it; items in the order of the day of
// their last review, then the log's order.
export function buildItems(rows) {
  const cards = new Map()
  const items = []
  for (const r of rows) {
    let c = cards.get(r.card)
    if (!c) cards.set(r.card, (c = { reviews: [], lastDay: r.day }))
    const delta = c.reviews.length ? r.day - c.lastDay : 0
    c.reviews.push([r.rating, delta])
    c.lastDay = r.day
    if (c.reviews.length > 1 && delta > 0)
      items.push({ day: r.day, order: r.order, reviews: c.reviews.slice() })
  }
  items.sort((a, b) => a.day - b.day || a.order - b.order)
  return items.map((it) => new FSRSBindingItem(it.reviews.map(([g, t]) => new FSRSBindingReview(g, t))))
}

// ---- simulated learners --------------------------------------------------

function mulberry32(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const DEFAULT_W = [
  0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835,
  0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
]
const clamp = (x, lo, hi) => Math.min(Math.max(x, lo), hi)
const S_MIN = 0.001, S_MAX = 36500

function curve(w, t, s) {
  const decay = -w[20]
  const factor = Math.exp(Math.log(0.9) / decay) - 1
  return Math.pow((t / s) * factor + 1, decay)
}
const initD = (w, g) => w[4] - Math.exp(w[5] * (g - 1)) + 1

// fsrs-rs's model (model.rs `step`): the memory after rating g, t days on.
function step(w, st, t, g) {
  if (!st) return { s: clamp(w[g - 1], S_MIN, S_MAX), d: clamp(initD(w, g), 1, 10) }
  const s = clamp(st.s, S_MIN, S_MAX), d = clamp(st.d, 1, 10)
  let ns
  if (t === 0) {
    let sinc = Math.exp(w[17] * (g - 3 + w[18])) * Math.pow(s, -w[19])
    if (g >= 2) sinc = Math.max(sinc, 1)
    ns = s * sinc
  } else {
    const r = curve(w, t, s)
    if (g === 1) {
      const raw = w[11] * Math.pow(d, -w[12]) * (Math.pow(s + 1, w[13]) - 1) * Math.exp((1 - r) * w[14])
      ns = Math.min(raw, s / Math.exp(w[17] * w[18]))
    } else {
      const hp = g === 2 ? w[15] : 1, eb = g === 4 ? w[16] : 1
      ns = s * (Math.exp(w[8]) * (11 - d) * Math.pow(s, -w[9]) * (Math.exp((1 - r) * w[10]) - 1) * hp * eb + 1)
    }
  }
  const next = d + ((10 - d) * (-w[6] * (g - 3))) / 9
  const nd = clamp(w[7] * (initD(w, 4) - next) + next, 1, 10)
  return { s: clamp(ns, S_MIN, S_MAX), d: nd }
}

function pick(rand, probs) {
  let u = rand()
  for (let i = 0; i < probs.length; i++) {
    if (u < probs[i]) return i + 1
    u -= probs[i]
  }
  return probs.length
}

// A learner whose recall follows `truth`, scheduled by an FSRS scheduler that
// believes the default parameters (desired retention 0.9, 5% fuzz, at most
// maxIvl days), who reviews a due card on its day with probability `keep`
// (else a day later, and so on). First answers and same-day learning and
// relearning steps (ratings drawn from the given distributions, until Good
// or Easy, at most three) are part of each card's history.
function simulate(o) {
  const rand = mulberry32(o.seed)
  const out = ['card_id\tday\trating']
  const cards = []
  let introduced = 0
  for (let day = 0; day < o.days; day++) {
    const today = []
    for (const c of cards) if (c.due <= day) today.push(c)
    for (let k = 0; k < o.newPerDay && introduced < o.cards; k++) {
      const c = { id: ++introduced, truth: null, belief: null, last: day, due: day }
      cards.push(c)
      today.push(c)
    }
    for (const c of today) {
      if (c.truth && rand() > o.keep) continue
      const answer = (g, t) => {
        out.push(`${c.id}\t${day}\t${g}`)
        c.truth = step(o.truth, c.truth, t, g)
        c.belief = step(DEFAULT_W, c.belief, t, g)
      }
      let g, steps
      if (!c.truth) {
        g = pick(rand, o.first)
        answer(g, 0)
        steps = g <= 2 ? o.learn : null
      } else {
        const t = day - c.last
        const recalled = rand() < curve(o.truth, t, clamp(c.truth.s, S_MIN, S_MAX))
        g = recalled ? 1 + pick(rand, o.pass) : 1
        answer(g, t)
        steps = g === 1 ? o.relearn : null
      }
      for (let n = 0; steps && n < 3; n++) {
        const s = pick(rand, steps)
        answer(s, 0)
        if (s >= 3) break
      }
      c.last = day
      const ivl = c.belief.s * (1 + 0.1 * (rand() - 0.5))
      c.due = day + clamp(Math.round(ivl), 1, o.maxIvl)
    }
  }
  return out.join('\n') + '\n'
}

const TRUTH_A = [
  0.45, 1.1, 3.4, 11.5, 5.6, 1.05, 2.3, 0.02, 1.6, 0.12, 1.05, 1.8, 0.08, 0.35, 1.3, 0.5,
  2.4, 0.4, 0.3, 0.2, 0.25,
]
const TRUTH_B = [
  0.12, 0.6, 1.4, 5.0, 7.2, 0.6, 2.0, 0.05, 1.2, 0.25, 1.3, 1.2, 0.1, 0.3, 2.0, 0.4, 1.6,
  0.7, 0.2, 0.1, 0.5,
]
const TRUTH_C = [
  0.3, 1.6, 2.8, 9.5, 6.0, 0.9, 2.7, 0.01, 1.9, 0.15, 0.9, 1.6, 0.05, 0.28, 1.7, 0.65, 2.0,
  0.55, 0.12, 0.08, 0.18,
]
const COMMON = {
  first: [0.22, 0.1, 0.6, 0.08],
  pass: [0.12, 0.78, 0.1],
  learn: [0.15, 0.1, 0.7, 0.05],
  relearn: [0.1, 0.1, 0.75, 0.05],
  keep: 0.85,
  maxIvl: 730,
}
const LOGS = [
  { name: 'short', truth: TRUTH_A, seed: 11, cards: 150, newPerDay: 15, days: 40 },
  { name: 'medium', truth: TRUTH_A, seed: 12, cards: 800, newPerDay: 10, days: 200 },
  { name: 'forgetful', truth: TRUTH_B, seed: 13, cards: 2000, newPerDay: 20, days: 200, gzip: true },
  { name: 'large', truth: TRUTH_C, seed: 14, cards: 12000, newPerDay: 40, days: 420, gzip: true },
]

// ---- fsrs-rs ----------------------------------------------------------------

const f32 = (x) => Number(Math.fround(x).toPrecision(9))

async function fit(items, shortTerm) {
  const t0 = process.hrtime.bigint()
  const params = await computeParameters(items, { enableShortTerm: shortTerm, timeout: 1 })
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9
  return { params: params.map(f32), seconds }
}

function evaluate(items, params) {
  const e = new FSRSBinding(params).evaluate(items)
  return { log_loss: e.logLoss, rmse_bins: e.rmseBins }
}

function readLog(path) {
  const raw = readFileSync(path)
  return (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8')
}

if (process.argv[2] === '--time') {
  // One warm-up fit, then the median of N, for short-term on and off.
  const items = buildItems(parseLog(readLog(process.argv[3])))
  const runs = Number(process.argv[4] ?? 5)
  for (const shortTerm of [true, false]) {
    await fit(items, shortTerm)
    const t = []
    for (let k = 0; k < runs; k++) t.push((await fit(items, shortTerm)).seconds)
    t.sort((a, b) => a - b)
    const median = runs % 2 ? t[(runs - 1) / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2
    console.log(`BENCH\tfsrs-rs fit, short-term ${shortTerm ? 'on' : 'off'}\t${median}\ts\t${items.length} items, median of ${runs}`)
  }
  process.exit(0)
}

const outDir = process.argv[2] ?? 'tests/fixtures/fsrs-optimize'
mkdirSync(outDir, { recursive: true })
const version = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.resolve(process.env.FSRS_BINDING ?? '@open-spaced-repetition/binding')))
).version
const reference = {
  generator: 'tools/fsrs-optimize-ref/gen.mjs; do not edit',
  binding: `@open-spaced-repetition/binding ${version} (fsrs-rs 6.5.0)`,
  logs: [],
}
for (const spec of LOGS) {
  const text = simulate({ ...COMMON, ...spec })
  const file = spec.name + '.tsv' + (spec.gzip ? '.gz' : '')
  writeFileSync(join(outDir, file), spec.gzip ? gzipSync(text, { level: 9 }) : text)
  const rows = parseLog(text)
  const items = buildItems(rows)
  const entry = {
    name: spec.name,
    file,
    reviews: rows.length,
    cards: new Set(rows.map((r) => r.card)).size,
    items: items.length,
    truth: spec.truth,
    default: evaluate(items, DEFAULT_W),
    truth_eval: evaluate(items, spec.truth),
  }
  const timing = []
  for (const shortTerm of [true, false]) {
    const { params, seconds } = await fit(items, shortTerm)
    entry[shortTerm ? 'short_term_on' : 'short_term_off'] = {
      params,
      ...evaluate(items, params),
    }
    timing.push(`${shortTerm ? 'on' : 'off'} ${seconds.toFixed(3)} s`)
  }
  reference.logs.push(entry)
  console.error(`${spec.name}: ${rows.length} reviews, ${entry.cards} cards, ${items.length} items; ` +
    `log loss default ${entry.default.log_loss.toFixed(5)}, truth ${entry.truth_eval.log_loss.toFixed(5)}, ` +
    `fitted on ${entry.short_term_on.log_loss.toFixed(5)}, off ${entry.short_term_off.log_loss.toFixed(5)} ` +
    `(fsrs-rs took ${timing.join(', ')})`)
}
// one line per parameter list
const json = JSON.stringify(reference, null, 1).replace(/\[\s+([^\][{}]*?)\s+\]/g, (_, a) => '[' + a.replace(/\s+/g, ' ') + ']')
writeFileSync(join(outDir, 'reference.json'), json + '\n')
