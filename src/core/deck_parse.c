/* Decks, the md4c walk: Markdown text -> one draft per "##" section.
 *
 * md4c calls us back block by block; we route each text run to the part of
 * the current draft it belongs to (heading -> id, first paragraph ->
 * metadata, paragraphs -> stem, task list -> choices, blockquote ->
 * answer). md4c gives no positions, but its text pointers point into our
 * buffer, so a pointer difference and a table of line starts give every
 * run its line number. A pre-scan of the lines finds invalid UTF-8, control
 * bytes and overlong lines. Nothing is judged here beyond structure (a
 * second list, a deeper heading): deck_rules.c validates the drafts. When
 * an allocation fails the callbacks return non-zero, which stops md4c. */
#include "deck_impl.h"

#include <md4c.h>

#include <stdarg.h>
#include <stdio.h>

static void draft_error(cp_draft *d, uint32_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void draft_error(cp_draft *d, uint32_t line, const char *fmt, ...)
{
    if (d->n_errors >= CP_DRAFT_ERRORS)
        return;
    d->error_line[d->n_errors] = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->error[d->n_errors], sizeof d->error[0], fmt, ap);
    va_end(ap);
    d->n_errors++;
}

void cp_deck_draft_free(cp_draft *d)
{
    cp_buf_free(&d->id);
    cp_buf_free(&d->meta);
    cp_buf_free(&d->stem);
    cp_buf_free(&d->answer);
    for (size_t i = 0; i <= CP_MAX_CHOICES; i++)
        cp_buf_free(&d->choice[i]);
}

void cp_deck_doc_free(cp_deck_doc *doc)
{
    for (size_t i = 0; i < doc->n_drafts; i++)
        cp_deck_draft_free(&doc->drafts[i]);
    free(doc->drafts);
    free(doc->bad);
    doc->drafts = NULL;
    doc->bad = NULL;
    doc->n_drafts = doc->n_bad = 0;
}

/* ---- lines ------------------------------------------------------------------ */

/* Length of the valid UTF-8 sequence at p (n bytes left), or 0. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
    if (p[0] < 0x80)
        return 1;
    size_t len;
    uint32_t cp;
    if ((p[0] & 0xe0) == 0xc0) { len = 2; cp = p[0] & 0x1f; }
    else if ((p[0] & 0xf0) == 0xe0) { len = 3; cp = p[0] & 0x0f; }
    else if ((p[0] & 0xf8) == 0xf0) { len = 4; cp = p[0] & 0x07; }
    else return 0;
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3f);
    }
    static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return len;
}

/* ---- the walk ------------------------------------------------------------ */

/* Where the text md4c hands us goes. */
typedef enum target {
    T_NONE, T_ID, T_META, T_STEM, T_CHOICE, T_ANSWER, T_STRAY,
} target;

typedef struct parse {
    cp_deck_doc *doc;
    const char *text;
    size_t size;
    uint32_t *line_starts;      /* offset of each line's first byte */
    uint32_t n_lines;
    uint32_t last_line;
    bool seen_text;

    size_t cap_drafts;
    cp_draft *cur;              /* NULL before the first ## */

    int quote_depth, list_depth, li_depth;
    bool in_heading, in_para, in_code, para_started;
    target to;                  /* where text goes now */
    bool need_line;             /* record the next text's line as block start */
    uint32_t *line_slot;
    bool nomem;                 /* an allocation failed: stop the walk */
} parse;

static uint32_t line_of(parse *ps, const char *p)
{
    if (p < ps->text || p >= ps->text + ps->size)
        return ps->last_line;
    uint32_t off = (uint32_t)(p - ps->text);
    /* md4c mostly moves forward: try the last line seen and the next two. */
    for (uint32_t l = ps->last_line ? ps->last_line : 1, k = 0; k < 3 && l <= ps->n_lines; l++, k++) {
        if (ps->line_starts[l - 1] > off)
            break;
        if (l == ps->n_lines || ps->line_starts[l] > off)
            return l;
    }
    uint32_t lo = 0, hi = ps->n_lines;      /* last start <= off */
    while (hi - lo > 1) {
        uint32_t mid = (lo + hi) / 2;
        if (ps->line_starts[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo + 1;
}

static cp_buf *target_buf(parse *ps)
{
    cp_draft *d = ps->cur;
    if (!d)
        return NULL;
    switch (ps->to) {
    case T_ID: return &d->id;
    case T_META: return &d->meta;
    case T_STEM: return &d->stem;
    case T_CHOICE: return d->n_choices ? &d->choice[d->n_choices - 1] : NULL;
    case T_ANSWER: return &d->answer;
    default: return NULL;
    }
}

/* Appends to b; an allocation failure stops the walk (see on_* below). */
static void add(parse *ps, cp_buf *b, const char *s, size_t n)
{
    if (!cp_buf_add(b, s, n))
        ps->nomem = true;
}

static void mark(parse *ps, char c)
{
    cp_buf *b = target_buf(ps);
    if (b)
        add(ps, b, &c, 1);
}

/* The line of the heading md4c just opened, for a heading without text:
 * the first line after the last text seen that starts with "##". */
static uint32_t heading_line(parse *ps)
{
    for (uint32_t l = ps->seen_text ? ps->last_line + 1 : 1; l <= ps->n_lines; l++) {
        const char *p = ps->text + ps->line_starts[l - 1];
        const char *end = ps->text + ps->size;
        while (p < end && *p == ' ')
            p++;
        if (end - p >= 2 && p[0] == '#' && p[1] == '#')
            return l;
    }
    return ps->last_line;
}

static void new_draft(parse *ps)
{
    cp_deck_doc *doc = ps->doc;
    cp_draft *d = cp_grow(doc->drafts, &ps->cap_drafts, doc->n_drafts, sizeof *d, 64);
    if (!d) {
        ps->cur = NULL;
        ps->nomem = true;
        return;
    }
    doc->drafts = d;
    ps->cur = &doc->drafts[doc->n_drafts++];
    memset(ps->cur, 0, sizeof *ps->cur);
    ps->cur->line = heading_line(ps);
}

/* A top-level paragraph or code block starts: decide where it goes. */
static target route_block(parse *ps)
{
    cp_draft *d = ps->cur;
    if (!d)
        return T_NONE;                  /* deck intro text */
    if (ps->quote_depth > 0)
        return T_ANSWER;
    if (ps->li_depth > 0)
        return ps->li_depth == 1 && ps->list_depth == 1 ? T_CHOICE : T_STRAY;
    if (!d->has_meta) {
        d->has_meta = true;
        ps->line_slot = &d->meta_line;
        return T_META;
    }
    if (d->n_choices > 0 || d->has_answer)
        return T_STRAY;
    if (d->stem.len)
        add(ps, &d->stem, "\n\n", 2);
    else
        ps->line_slot = &d->stem_line;
    return T_STEM;
}

static int on_enter_block(MD_BLOCKTYPE type, void *detail, void *user)
{
    parse *ps = user;
    cp_draft *d = ps->cur;
    switch (type) {
    case MD_BLOCK_H: {
        MD_BLOCK_H_DETAIL *h = detail;
        ps->in_heading = true;
        if (h->level == 2) {
            new_draft(ps);
            ps->to = T_ID;
            ps->line_slot = ps->cur ? &ps->cur->line : NULL;
        } else if (h->level > 2 && d) {
            ps->to = T_STRAY;
            ps->line_slot = NULL;
            ps->need_line = true;
        } else {
            ps->to = T_NONE;            /* # deck title */
        }
        ps->need_line = true;
        break;
    }
    case MD_BLOCK_P:
    case MD_BLOCK_CODE:
        if (ps->in_para && type == MD_BLOCK_P)
            break;
        ps->in_para = type == MD_BLOCK_P;
        ps->in_code = type == MD_BLOCK_CODE;
        if (ps->li_depth > 0 && ps->quote_depth == 0 && d && ps->to == T_CHOICE) {
            /* A second paragraph in one choice: keep it in the choice. */
            cp_buf *b = target_buf(ps);
            if (b && b->len)
                add(ps, b, " ", 1);
        } else if (ps->li_depth == 0 || ps->quote_depth > 0) {
            ps->to = route_block(ps);
            if (ps->to == T_ANSWER && d) {
                if (d->answer.len)
                    add(ps, &d->answer, "\n\n", 2);
                d->has_answer = true;
                if (d->n_choices)
                    d->choices_closed = true;
            }
        }
        if (ps->in_code)
            mark(ps, CP_MARK_CODE_ON);
        ps->need_line = true;
        break;
    case MD_BLOCK_QUOTE:
        ps->quote_depth++;
        break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        ps->list_depth++;
        if (d && ps->quote_depth == 0) {
            if (ps->list_depth > 1) {
                ps->need_line = true;
                draft_error(d, 0, "nested list inside a choice");
            } else if (d->n_choices > 0 || d->choices_closed) {
                ps->need_line = true;
                draft_error(d, 0, "a card has one list of choices; this is a second list");
            } else if (type == MD_BLOCK_OL) {
                draft_error(d, 0, "choices must be a bullet task list (- [ ] / - [x])");
            }
        }
        break;
    case MD_BLOCK_LI: {
        MD_BLOCK_LI_DETAIL *li = detail;
        ps->li_depth++;
        if (!d || ps->quote_depth > 0) {
            ps->to = d && ps->quote_depth > 0 ? T_ANSWER : T_NONE;
            break;
        }
        if (ps->li_depth > 1 || ps->list_depth > 1) {
            ps->to = T_STRAY;
            break;
        }
        if (d->n_choices == CP_MAX_CHOICES + 1) {
            ps->to = T_STRAY;
            break;
        }
        size_t i = d->n_choices++;
        d->choice[i].len = 0;
        if (d->choice[i].data)
            d->choice[i].data[0] = '\0';
        d->correct[i] = li->is_task && (li->task_mark == 'x' || li->task_mark == 'X');
        d->not_task[i] = !li->is_task;
        ps->to = T_CHOICE;
        if (li->is_task) {
            d->choice_line[i] = line_of(ps, ps->text + li->task_mark_offset);
            ps->need_line = false;
        } else {
            /* No position for a plain item: its first text gives the line;
             * until then, the line after the last text (never past the end). */
            d->choice_line[i] = ps->last_line < ps->n_lines ? ps->last_line + 1 : ps->n_lines;
            ps->line_slot = &d->choice_line[i];
            ps->need_line = true;
        }
        break;
    }
    case MD_BLOCK_HR:
    case MD_BLOCK_TABLE:
    case MD_BLOCK_HTML:
    default:
        break;
    }
    return ps->nomem;
}

static int on_leave_block(MD_BLOCKTYPE type, void *detail, void *user)
{
    (void)detail;
    parse *ps = user;
    switch (type) {
    case MD_BLOCK_H:
        ps->in_heading = false;
        ps->to = T_NONE;
        break;
    case MD_BLOCK_P:
    case MD_BLOCK_CODE:
        if (ps->in_code)
            mark(ps, CP_MARK_CODE_OFF);
        if (ps->to == T_STRAY && ps->cur)
            draft_error(ps->cur, ps->last_line,
                        "text after the choices must be in the answer block (start its lines with '> ')");
        ps->in_para = ps->in_code = false;
        if (ps->li_depth == 0)
            ps->to = T_NONE;
        break;
    case MD_BLOCK_QUOTE:
        ps->quote_depth--;
        ps->to = T_NONE;
        break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        ps->list_depth--;
        if (ps->list_depth == 0 && ps->cur && ps->quote_depth == 0)
            ps->cur->choices_closed = ps->cur->n_choices > 0;
        break;
    case MD_BLOCK_LI:
        ps->li_depth--;
        ps->to = ps->li_depth > 0 ? T_STRAY : T_NONE;
        break;
    default:
        break;
    }
    return ps->nomem;
}

static int on_enter_span(MD_SPANTYPE type, void *detail, void *user)
{
    (void)detail;
    parse *ps = user;
    if (type == MD_SPAN_STRONG)
        mark(ps, CP_MARK_STRONG_ON);
    else if (type == MD_SPAN_EM)
        mark(ps, CP_MARK_EM_ON);
    else if (type == MD_SPAN_CODE)
        mark(ps, CP_MARK_CODE_ON);
    return ps->nomem;
}

static int on_leave_span(MD_SPANTYPE type, void *detail, void *user)
{
    (void)detail;
    parse *ps = user;
    if (type == MD_SPAN_STRONG)
        mark(ps, CP_MARK_STRONG_OFF);
    else if (type == MD_SPAN_EM)
        mark(ps, CP_MARK_EM_OFF);
    else if (type == MD_SPAN_CODE)
        mark(ps, CP_MARK_CODE_OFF);
    return ps->nomem;
}

/* Writes the UTF-8 encoding of cp into out (>= 4 bytes); returns length. */
static size_t utf8_put(uint32_t cp, char *out)
{
    if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        cp = 0xfffd;
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* The entities a deck author plausibly writes; anything else stays as is. */
static size_t decode_entity(const char *s, size_t n, char *out)
{
    static const struct { const char *name; uint32_t cp; } named[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'},
        {"&apos;", '\''}, {"&nbsp;", 0xa0}, {"&mdash;", 0x2014},
        {"&ndash;", 0x2013}, {"&hellip;", 0x2026}, {"&rarr;", 0x2192},
        {"&times;", 0xd7}, {"&copy;", 0xa9}, {"&reg;", 0xae}, {"&trade;", 0x2122},
    };
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (strlen(named[i].name) == n && memcmp(named[i].name, s, n) == 0)
            return utf8_put(named[i].cp, out);
    if (n > 3 && s[1] == '#') {
        char tmp[16];
        size_t m = n - 3 < sizeof tmp - 1 ? n - 3 : sizeof tmp - 1;
        bool hex = s[2] == 'x' || s[2] == 'X';
        memcpy(tmp, s + 2 + hex, m - hex);
        tmp[m - hex] = '\0';
        return utf8_put((uint32_t)strtoul(tmp, NULL, hex ? 16 : 10), out);
    }
    memcpy(out, s, n < 15 ? n : 15);
    return n < 15 ? n : 15;
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *user)
{
    parse *ps = user;
    if (text >= ps->text && text < ps->text + ps->size) {
        ps->last_line = line_of(ps, text);
        ps->seen_text = true;
        if (ps->need_line) {
            if (ps->line_slot)
                *ps->line_slot = ps->last_line;
            if (ps->to == T_STRAY && ps->cur && ps->in_heading)
                draft_error(ps->cur, ps->last_line,
                            "heading deeper than '##' inside a card (a card is one '##' section)");
            ps->need_line = false;
            ps->line_slot = NULL;
        }
    }
    cp_buf *b = target_buf(ps);
    if (!b)
        return 0;
    switch (type) {
    case MD_TEXT_SOFTBR:
        add(ps, b, ps->in_code ? "\n" : " ", 1);
        break;
    case MD_TEXT_BR:
        add(ps, b, "\n", 1);
        break;
    case MD_TEXT_NULLCHAR:
        add(ps, b, "\xef\xbf\xbd", 3);
        break;
    case MD_TEXT_ENTITY: {
        char out[16];
        add(ps, b, out, decode_entity(text, size, out));
        break;
    }
    default:
        add(ps, b, text, size);
        break;
    }
    return ps->nomem;
}


/* Fills ps->line_starts and doc->bad (see cp_bad_line) in one pass. */
static bool scan_lines(parse *ps)
{
    cp_deck_doc *doc = ps->doc;
    const char *text = ps->text;
    size_t size = ps->size;
    size_t cap_lines = 1024, cap_bad = 0;
    ps->line_starts = malloc(cap_lines * sizeof *ps->line_starts);
    if (!ps->line_starts)
        return false;
    ps->line_starts[ps->n_lines++] = 0;
    for (size_t i = 0; i <= size;) {
        /* Most of a deck is printable ASCII: skip it 8 bytes at a time
         * (no byte below 0x20 or from 0x80 up), then byte by byte. */
        for (uint64_t w; i + 8 <= size; i += 8) {
            memcpy(&w, text + i, 8);
            if (((w - 0x2020202020202020ULL) | w) & 0x8080808080808080ULL)
                break;
        }
        while (i < size && (((unsigned char)text[i] >= 0x20 && (unsigned char)text[i] < 0x80) ||
                            text[i] == '\t' || text[i] == '\r'))
            i++;
        bool end_of_line = i == size || text[i] == '\n';
        size_t len = 0, long_by = 0;
        if (end_of_line) {
            size_t line_bytes = i - ps->line_starts[ps->n_lines - 1];
            long_by = line_bytes > CP_DECK_MAX_LINE ? line_bytes : 0;
        } else {
            unsigned char ch = (unsigned char)text[i];
            len = utf8_len((const unsigned char *)text + i, size - i);
            if (ch < 0x20 && ch != '\t' && ch != '\r')
                len = 0;
        }
        if ((end_of_line && long_by) || (!end_of_line && !len)) {
            uint32_t line = ps->n_lines;
            if (!doc->n_bad || doc->bad[doc->n_bad - 1].line != line) {
                if (doc->n_bad == cap_bad) {
                    cap_bad = cap_bad ? cap_bad * 2 : 16;
                    cp_bad_line *p = realloc(doc->bad, cap_bad * sizeof *p);
                    if (!p)
                        return false;
                    doc->bad = p;
                }
                doc->bad[doc->n_bad++] = (cp_bad_line){line, (uint32_t)long_by};
            }
            /* Bad text: skip to the end of the line (one report per line),
             * still measuring its length there. */
            if (!end_of_line) {
                while (i < size && text[i] != '\n')
                    i++;
                continue;
            }
        }
        if (i == size)
            break;
        if (!end_of_line) {
            i += len;
            continue;
        }
        if (ps->n_lines == cap_lines) {
            cap_lines *= 2;
            uint32_t *p = realloc(ps->line_starts, cap_lines * sizeof *p);
            if (!p)
                return false;
            ps->line_starts = p;
        }
        ps->line_starts[ps->n_lines++] = (uint32_t)(i + 1);
        i++;
    }
    return true;
}

cp_status cp_deck_parse(cp_deck_doc *doc)
{
    parse ps = {0};
    ps.doc = doc;
    ps.text = doc->text;
    ps.size = doc->size;
    if (!scan_lines(&ps)) {
        free(ps.line_starts);
        doc->nomem = true;
        return CP_ERR_NOMEM;
    }
    doc->n_lines = ps.n_lines;

    MD_PARSER parser = {
        .abi_version = 0,
        .flags = MD_FLAG_TASKLISTS | MD_FLAG_NOHTML | MD_FLAG_NOINDENTEDCODEBLOCKS,
        .enter_block = on_enter_block,
        .leave_block = on_leave_block,
        .enter_span = on_enter_span,
        .leave_span = on_leave_span,
        .text = on_text,
    };
    ps.last_line = 1;
    doc->md_status = md_parse(ps.text, (MD_SIZE)ps.size, &parser, &ps);
    doc->md_line = ps.last_line;
    /* Our callbacks stop the walk with 1; md4c's own -1 is an allocation
     * of its that failed (every -1 of md4c 0.4.8 is). */
    if (doc->md_status == -1)
        ps.nomem = true;

    /* Each card ends where the next begins. */
    for (size_t i = 0; i < doc->n_drafts; i++)
        doc->drafts[i].end_line = i + 1 < doc->n_drafts ? doc->drafts[i + 1].line - 1 : ps.n_lines;
    free(ps.line_starts);
    if (ps.nomem) {
        doc->nomem = true;
        return CP_ERR_NOMEM;
    }
    return CP_OK;
}
