/*
 * pipeline.c - the extractor: runs the stages over one document and builds
 * the result, mapping every span back to the original bytes.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"

#define DEFAULT_MAX_DOCUMENT (64u << 20)
#define DEFAULT_MAX_QUOTE (8u << 10)
#define HARD_MAX_DOCUMENT ((size_t)1 << 30) /* token offsets are 32-bit; U+FFFD may triple */
#define WARNINGS_LISTED 10

struct ws_extractor {
    const ws_gazetteer *gaz;
    ws_options opt;
    ws__patterns *pats;
};

struct ws_result {
    ws_error error;
    bool failed;
    char *doc_id, *origin, *meta_json;
    char *src;
    size_t src_len;
    bool src_valid; /* src is valid UTF-8: ws_result_text replaces nothing */
    void *tables; /* one allocation (see build_result): the three tables below, every entity's
                     mentions and alternatives, and the strings of entities found only in this document */
    ws_entity *entities;
    size_t nentities;
    ws_mention *mentions;
    size_t nmentions;
    ws_quote *quotes;
    size_t nquotes;
    ws_warning *warnings;
    size_t nwarnings, warnings_cap;
    char *textbuf;
    size_t textcap;
};

void ws_options_default(ws_options *opt)
{
    *opt = (ws_options){DEFAULT_MAX_DOCUMENT, DEFAULT_MAX_QUOTE, 0}; /* every field: a caller's stack is not zero */
}

ws_status ws_extractor_new(ws_extractor **out, const ws_gazetteer *gaz, const ws_options *opt,
                           ws_error *err)
{
    *out = NULL;
    if (!gaz)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "no gazetteer given");
    ws_extractor *ex = calloc(1, sizeof *ex);
    if (!ex)
        return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
    ex->gaz = gaz;
    ws_options_default(&ex->opt);
    if (opt && opt->max_document_bytes)
        ex->opt.max_document_bytes = opt->max_document_bytes;
    if (opt && opt->max_quote_bytes)
        ex->opt.max_quote_bytes = opt->max_quote_bytes;
    ex->opt.indirect = opt && opt->indirect;
    if (ex->opt.max_document_bytes > HARD_MAX_DOCUMENT) {
        free(ex);
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "maximum document size is at most %zu bytes",
                        HARD_MAX_DOCUMENT);
    }
    if (!gaz->lex.loaded) {
        free(ex);
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1,
                        "no word lists loaded: call ws_gazetteer_load_lexicon (data/lexicon/en) first");
    }
    ws_status st = ws__patterns_new(&gaz->lex, &ex->pats, err);
    if (st != WS_OK) {
        free(ex);
        return st;
    }
    *out = ex;
    return WS_OK;
}

void ws_extractor_free(ws_extractor *ex)
{
    if (!ex)
        return;
    ws__patterns_free(ex->pats);
    free(ex);
}

void ws_result_free(ws_result *r)
{
    if (!r)
        return;
    free(r->doc_id);
    free(r->origin);
    free(r->meta_json);
    free(r->src);
    free(r->tables);
    for (size_t i = 0; i < r->nwarnings; i++)
        free((char *)r->warnings[i].message);
    free(r->warnings);
    free(r->textbuf);
    free(r);
}

static ws_result *result_new(const ws_document *doc)
{
    ws_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    ws_error_clear(&r->error);
    const char *id = doc->id ? doc->id : "";
    const char *origin = doc->origin ? doc->origin : "";
    r->doc_id = ws__strndup(id, strlen(id));
    r->origin = ws__strndup(origin, strlen(origin));
    if (doc->meta_json)
        r->meta_json = ws__strndup(doc->meta_json, strlen(doc->meta_json));
    if (!r->doc_id || !r->origin || (doc->meta_json && !r->meta_json)) {
        ws_result_free(r);
        return NULL;
    }
    r->src_len = doc->text ? doc->len : 0;
    return r;
}

ws_status ws_result_new_failed(const ws_document *doc, const ws_error *why, ws_result **out)
{
    *out = result_new(doc);
    if (!*out)
        return WS_ERR_NOMEM;
    (*out)->failed = true;
    (*out)->src_len = doc->len; /* the size is known even when the text was not read */
    if (why)
        (*out)->error = *why;
    else
        (*out)->error.status = WS_ERR_INPUT;
    return WS_OK;
}

static ws_status fail_result(ws_result *r, ws_error *err, ws_status st, const ws_document *doc,
                             long long byte, const char *msg)
{
    ws__fail(&r->error, st, doc->origin, 0, byte, "%s", msg);
    r->failed = true;
    if (err)
        *err = r->error;
    return st;
}

static ws_status warn(ws_result *r, long long byte, const char *msg)
{
    if (!ws__grow(&r->warnings, &r->warnings_cap, r->nwarnings + 1, sizeof *r->warnings))
        return WS_ERR_NOMEM;
    char *m = ws__strndup(msg, strlen(msg));
    if (!m)
        return WS_ERR_NOMEM;
    r->warnings[r->nwarnings++] = (ws_warning){byte, m};
    return WS_OK;
}

/* ---- the text of spans ---- */

/* Copies s[0..n) to out as valid UTF-8, an invalid byte as U+FFFD (three
 * bytes); returns the length written. */
static size_t copy_valid(char *out, const unsigned char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] < 0x80) { /* a run of ASCII at once */
            size_t run = i + 1;
            uint64_t w;
            while (run + 8 <= n && (memcpy(&w, s + run, 8), (w & 0x8080808080808080u) == 0))
                run += 8;
            while (run < n && s[run] < 0x80)
                run++;
            memcpy(out + o, s + i, run - i);
            o += run - i;
            i = run;
            continue;
        }
        uint32_t cp;
        size_t k = ws__utf8_decode(s + i, n - i, &cp);
        if (cp == 0xFFFD && k == 1) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
        } else {
            memcpy(out + o, s + i, k);
            o += k;
        }
        i += k;
    }
    return o;
}

/* Whether src[i] starts a character, or ends the text: in valid UTF-8, where
 * a span must start and end to hold whole characters. */
static bool char_boundary(const ws_result *r, size_t i)
{
    return i == r->src_len || ((unsigned char)r->src[i] & 0xC0) != 0x80;
}

/* span, or an empty one where it does not lie in the document. */
static ws_span in_document(const ws_result *r, ws_span span)
{
    return r->src && span.start <= span.end && span.end <= r->src_len ? span : (ws_span){0, 0};
}

/* Writes the text of span, which lies in the document, at out, which has
 * room for three bytes a byte: valid UTF-8, as ws_result_text gives it.
 * Returns its length. */
static size_t copy_text(const ws_result *r, ws_span span, char *out)
{
    const unsigned char *s = (const unsigned char *)r->src + span.start;
    size_t n = span.end - span.start;

    if (r->src_valid && char_boundary(r, span.start) && char_boundary(r, span.end)) {
        memcpy(out, s, n); /* whole characters of valid text, as they are */
        return n;
    }
    return copy_valid(out, s, n);
}

/* ---- building the result ---- */

/* Positions of the view mapped back to the original, as ws__text_to_orig
 * maps them, for positions that come nearly in order (mentions, and each
 * quote's spans): the search steps from the shift the last one found
 * rather than searching all shifts for each. */
typedef struct orig_map {
    const ws__text *t;
    size_t next; /* the shifts before it are those at or before the last position */
} orig_map;

static inline size_t to_orig(orig_map *m, size_t pos)
{
    const ws__text *t = m->t;

    while (m->next > 0 && t->shift_at[m->next - 1] > pos)
        m->next--;
    while (m->next < t->nshift && t->shift_at[m->next] <= pos)
        m->next++;
    return m->next ? (size_t)((ptrdiff_t)pos + t->shift[m->next - 1]) : pos;
}

static inline ws_span orig_span(orig_map *m, size_t b, size_t e)
{
    size_t start = to_orig(m, b);
    return (ws_span){start, to_orig(m, e)};
}

/* Lays out n elements of elem_size bytes after the *size bytes of a block,
 * aligned for any type: returns their offset, and makes *size SIZE_MAX,
 * more than can be allocated, when the block would not fit a size_t. */
static size_t lay_out(size_t *size, size_t n, size_t elem_size)
{
    const size_t align = _Alignof(max_align_t);

    if (*size > SIZE_MAX - align || n > (SIZE_MAX - align - *size) / elem_size) {
        *size = SIZE_MAX;
        return 0;
    }
    size_t at = (*size + align - 1) / align * align;
    *size = at + n * elem_size;
    return at;
}

/* Whether a local entity's name is written in the document, where its
 * strings take it from (else its name is its own). */
static bool name_written(const ws__ent *src)
{
    return src->name_e > src->name_b;
}

/* Where a local entity's name is first written in the document, if it is. */
static ws_span written_name_span(const ws_result *r, orig_map *map, const ws__ent *src)
{
    return name_written(src) ? in_document(r, orig_span(map, src->name_b, src->name_e)) : (ws_span){0, 0};
}

/* A name as the document writes it, but on one line: each run of spaces
 * of any kind (a no-break space, a line break of wrapped text) becomes one
 * space and invisible characters go, as in the normalised view, so that
 * "James\u00a0Okafor" is the same name as "James Okafor". Works in place;
 * returns the new length. */
static size_t one_line(char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        /* printable ASCII, nearly every byte of a name, stays as it is
         * (ws__replacement_for has nothing for it): not decoded */
        if ((unsigned char)s[i] > ' ' && (unsigned char)s[i] < 0x7F) {
            s[o++] = s[i++];
            continue;
        }
        uint32_t cp;
        size_t len = ws__utf8_decode((const unsigned char *)s + i, n - i, &cp);
        const char *with = cp == ' ' || cp == '\n' ? " " : ws__replacement_for(cp).with;
        if (with && (with[0] == ' ' || with[0] == '\n')) { /* U+2028 too */
            if (o > 0 && s[o - 1] != ' ')
                s[o++] = ' ';
        } else if (!with || with[0] != '\0') {
            memmove(s + o, s + i, len);
            o += len;
        }
        i += len;
    }
    return o;
}

/* The most bytes own_strings takes for src, whose name is at name. */
static size_t own_strings_max(const ws__ent *src, ws_span name)
{
    size_t name_max = name_written(src) ? 3 * (name.end - name.start) : strlen(src->name);

    return strlen(src->id) + 1 + name_max + 1 + (src->role ? strlen(src->role) + 1 : 0);
}

/* Copies of a local entity's id, name (as the document writes it at name,
 * "O’Malley", not the view's "O'Malley") and role (or NULL), for the result
 * to own, at c, which has room for own_strings_max of them; returns their
 * end. */
static char *own_strings(const ws_result *r, ws_entity *dst, const ws__ent *src, ws_span name, char *c)
{
    size_t id_len = strlen(src->id), name_len;

    dst->id = memcpy(c, src->id, id_len + 1);
    c += id_len + 1;
    if (name_written(src)) {
        name_len = one_line(c, copy_text(r, name, c));
    } else {
        name_len = strlen(src->name);
        memcpy(c, src->name, name_len);
    }
    dst->name = c;
    c += name_len;
    *c++ = '\0';
    dst->role = NULL;
    if (src->role) {
        size_t role_len = strlen(src->role);
        dst->role = memcpy(c, src->role, role_len + 1);
        c += role_len + 1;
    }
    return c;
}

static void build_entities(ws_result *r, const ws_gazetteer *g, const ws__text *t, const ws__segments *seg,
                           const ws__entities *e, const uint32_t *remap, size_t *mention_lists,
                           ws_alternative *alts, char *strings)
{
    orig_map map = {t, 0}, names = {t, 0};
    for (size_t i = 0; i < r->nentities; i++)
        r->entities[i].mention_count = 0;
    for (size_t i = 0; i < e->nments; i++) {
        const ws__ment *m = &e->ments[i];
        ws_mention *o = &r->mentions[i];
        o->span = orig_span(&map, seg->toks[m->tok_begin].start, seg->toks[m->tok_end - 1].end);
        o->entity = remap[m->ent];
        o->title = m->title_begin < m->tok_begin
                       ? orig_span(&map, seg->toks[m->title_begin].start, seg->toks[m->tok_begin - 1].end)
                       : (ws_span){0, 0};
        o->country = m->country == WS__NONE ? NULL : ws__gaz_str(g, g->ents[m->country].id);
        r->entities[o->entity].mention_count++;
    }
    /* carve each entity's mention list out of one array */
    size_t off = 0;
    for (size_t i = 0; i < r->nentities; i++) {
        r->entities[i].mentions = mention_lists + off;
        off += r->entities[i].mention_count;
        r->entities[i].mention_count = 0;
    }
    for (size_t i = 0; i < e->nments; i++) {
        ws_entity *en = &r->entities[r->mentions[i].entity];
        ((size_t *)en->mentions)[en->mention_count++] = i;
    }
    for (size_t i = 0; i < e->nents; i++) {
        if (remap[i] == WS__NONE)
            continue;
        const ws__ent *src = &e->ents[i];
        ws_entity *dst = &r->entities[remap[i]];
        dst->type = src->type;
        if (src->local) {
            strings = own_strings(r, dst, src, written_name_span(r, &names, src), strings);
        } else {
            dst->id = src->id;
            dst->name = src->name;
            dst->role = src->role;
        }
        dst->gender = src->gender && (src->gender[0] == 'm' || src->gender[0] == 'f')
                          ? (src->gender[0] == 'm' ? "m" : "f") : NULL;
        dst->source = src->local ? "discovered" : "gazetteer";
        for (size_t k = 0; k < src->nalts; k++) {
            const ws__gaz_entity *ge = &g->ents[src->alts[k]];
            alts[k] = (ws_alternative){ws__gaz_str(g, ge->id), ws__gaz_str(g, ge->name), ge->type};
        }
        dst->alternatives = alts;
        dst->alternative_count = src->nalts;
        alts += src->nalts;
    }
}

static void build_quotes(ws_result *r, const ws__text *t, const ws__segments *seg, const ws__quotes *qs,
                         const uint32_t *remap)
{
    orig_map map = {t, 0};
    for (size_t i = 0; i < qs->n; i++) {
        const ws__quote *q = &qs->q[i];
        ws_quote *o = &r->quotes[i];
        o->span = orig_span(&map, q->start, q->end);
        o->kind = q->kind;
        o->speaker = q->speaker == WS__NONE || remap[q->speaker] == WS__NONE ? WS_NO_ENTITY : remap[q->speaker];
        o->speaker_span = orig_span(&map, q->speaker_b, q->speaker_e);
        o->cue_span = orig_span(&map, q->cue_b, q->cue_e);
        o->method = q->method;
        o->unattributed = o->speaker == WS_NO_ENTITY
                              ? (q->unattributed ? q->unattributed : "the speaker named beside it is no entity")
                              : NULL;
        o->confidence = o->speaker == WS_NO_ENTITY ? 0.0 : q->confidence;
        /* the evidence: the sentences from the opening mark to the attribution */
        const ws__sentence *first = &seg->sents[seg->toks[q->open_tok].sent];
        size_t close_tok = q->close_tok;
        if (close_tok >= seg->ntoks)
            close_tok = seg->ntoks - 1;
        const ws__sentence *last = &seg->sents[seg->toks[close_tok].sent];
        size_t sb = first->start, se = last->end;
        if (q->speaker_e > q->speaker_b) {
            sb = q->speaker_b < sb ? q->speaker_b : sb;
            se = q->speaker_e > se ? q->speaker_e : se;
        }
        if (q->cue_e > se)
            se = q->cue_e;
        o->sentence = orig_span(&map, sb, se);
        o->paragraph = orig_span(&map, seg->paras[first->para].start, seg->paras[last->para].end);
    }
}

/* The result's entities (those mentioned, in order of first mention),
 * mentions and quotes, every span mapped back to the original bytes. Its
 * tables, the entities' mention lists and alternatives, and the strings of
 * local entities go in one allocation, sized first, whose every field is
 * set (no calloc: zeroing kilobytes cost more than the rest). */
static ws_status build_result(ws_result *r, const ws_gazetteer *g, const ws__text *t, const ws__segments *seg,
                              ws__entities *e, const ws__quotes *qs, uint32_t *remap)
{
    ws__index_mentions(e);
    size_t n = 0, nalts = 0, strings_max = 0;
    for (size_t i = 0; i < e->nents; i++)
        remap[i] = WS__NONE;
    for (size_t i = 0; i < e->nments; i++)
        if (remap[e->ments[i].ent] == WS__NONE)
            remap[e->ments[i].ent] = (uint32_t)n++;
    orig_map names = {t, 0};
    for (size_t i = 0; i < e->nents; i++) {
        const ws__ent *src = &e->ents[i];
        if (remap[i] == WS__NONE)
            continue;
        nalts += src->nalts;
        if (src->local) {
            ws_span name = written_name_span(r, &names, src);
            if (!src->id || (!name_written(src) && !src->name))
                return WS_ERR_NOMEM;
            strings_max += own_strings_max(src, name);
        }
    }
    size_t size = 0, entities = lay_out(&size, n, sizeof *r->entities);
    size_t mentions = lay_out(&size, e->nments, sizeof *r->mentions);
    size_t quotes = lay_out(&size, qs->n, sizeof *r->quotes);
    size_t mention_lists = lay_out(&size, e->nments, sizeof(size_t));
    size_t alts = lay_out(&size, nalts, sizeof(ws_alternative));
    size_t strings = lay_out(&size, strings_max, 1);
    char *tables = r->tables = malloc(size ? size : 1);
    if (!tables)
        return WS_ERR_NOMEM;
    r->entities = (ws_entity *)(void *)(tables + entities);
    r->nentities = n;
    r->mentions = (ws_mention *)(void *)(tables + mentions);
    r->nmentions = e->nments;
    r->quotes = (ws_quote *)(void *)(tables + quotes);
    r->nquotes = qs->n;
    build_entities(r, g, t, seg, e, remap, (size_t *)(void *)(tables + mention_lists),
                   (ws_alternative *)(void *)(tables + alts), tables + strings);
    build_quotes(r, t, seg, qs, remap);
    return WS_OK;
}

static ws_status report_invalid(ws_result *r, const ws__text *t)
{
    char msg[160];
    for (size_t i = 0; i < t->ninvalid && i < WARNINGS_LISTED; i++) {
        snprintf(msg, sizeof msg, "invalid UTF-8 byte 0x%02X, replaced by U+FFFD",
                 (unsigned char)r->src[t->invalid[i]]);
        if (warn(r, t->invalid[i], msg) != WS_OK)
            return WS_ERR_NOMEM;
    }
    if (t->ninvalid > WARNINGS_LISTED) {
        snprintf(msg, sizeof msg, "%zu more invalid UTF-8 bytes replaced by U+FFFD",
                 t->ninvalid - WARNINGS_LISTED);
        if (warn(r, -1, msg) != WS_OK)
            return WS_ERR_NOMEM;
    }
    return WS_OK;
}

static ws_status check_meta(ws_result *r, const ws_document *doc, ws_error *err)
{
    if (!doc->meta_json)
        return WS_OK;
    json_error_t je;
    json_t *meta = json_loads(doc->meta_json, JSON_ALLOW_NUL, &je); /* as the line was read */
    bool object = meta && json_is_object(meta);
    json_decref(meta);
    if (object)
        return WS_OK;
    return fail_result(r, err, WS_ERR_USAGE, doc, -1, "document metadata is not a JSON object");
}

/* Attribution makes people of speakers no gazetteer knows ("“…,” Tuyet
 * Nguyen said"): their later mentions ("Nguyen said") are linked after it,
 * by the pass that links the names found before. */
static ws_status link_new_speakers(ws__entities *ents, const ws__text *t, const ws__segments *seg,
                                   ws_error *err)
{
    ws_status st = ws__link_local_mentions(ents, t, seg, false);
    return st == WS_OK ? WS_OK : ws__fail(err, st, NULL, 0, -1, "%s while linking speakers", ws_status_str(st));
}

ws_status ws__find_entities(const ws_gazetteer *g, const ws__patterns *pats, const ws__text *t,
                            const ws__segments *seg, ws__entities *e, ws_error *err)
{
    ws_status st = ws__entities_init(e, g, seg);
    if (st == WS_OK)
        st = ws__match_gazetteer(g, t, seg, e);
    if (st == WS_OK)
        st = ws__discover_names(pats, t, seg, e);
    if (st == WS_OK)
        st = ws__shape_names(t, seg, e);
    if (st == WS_OK)
        st = ws__link_acronyms(t, seg, e);
    if (st == WS_OK)
        st = ws__link_local_mentions(e, t, seg, true);
    if (st == WS_OK)
        st = ws__name_teams(t, seg, e);
    if (st != WS_OK) {
        ws__entities_free(e);
        return ws__fail(err, st, NULL, 0, -1, "%s while finding entities", ws_status_str(st));
    }
    ws__index_mentions(e);
    ws__attach_titles(g, e, t, seg);
    return WS_OK;
}

ws_status ws_extract(ws_extractor *ex, const ws_document *doc, ws_result **out, ws_error *err)
{
    ws_error_clear(err);
    ws_result *r = *out = result_new(doc);
    if (!r)
        return ws__fail(err, WS_ERR_NOMEM, doc->origin, 0, -1, "out of memory");
    ws_status st = check_meta(r, doc, err);
    if (st != WS_OK)
        return st;
    char msg[160];
    if (doc->len > ex->opt.max_document_bytes) {
        snprintf(msg, sizeof msg, "document is %zu bytes, over the limit of %zu bytes (--max-doc-size)",
                 doc->len, ex->opt.max_document_bytes);
        return fail_result(r, err, WS_ERR_LIMIT, doc, -1, msg);
    }
    const char *nul = doc->len ? memchr(doc->text, '\0', doc->len) : NULL;
    if (nul) {
        return fail_result(r, err, WS_ERR_INPUT, doc, nul - doc->text, "binary data, not text (a NUL byte)");
    }
    r->src = ws__strndup(doc->text ? doc->text : "", r->src_len);
    if (!r->src)
        return fail_result(r, err, WS_ERR_NOMEM, doc, -1, "out of memory");

    ws__text t;
    ws__segments seg = {0};
    ws__entities ents = {0};
    ws__quotes qs = {0};
    uint32_t *remap = NULL;
    ws_error e;
    ws_error_clear(&e);
    st = ws__text_init(&t, r->src, r->src_len, &e);
    if (st != WS_OK)
        return fail_result(r, err, st, doc, -1, e.message);
    /* mostly invalid bytes: this is not UTF-8 text, and results would be noise */
    if (t.ninvalid > 16 && t.ninvalid * 10 > r->src_len) {
        long long first = t.invalid[0];
        snprintf(msg, sizeof msg, "not UTF-8 text: %zu of %zu bytes are invalid", t.ninvalid, r->src_len);
        ws__text_free(&t);
        return fail_result(r, err, WS_ERR_INPUT, doc, first, msg);
    }
    r->src_valid = t.ninvalid == 0;
    st = report_invalid(r, &t);
    if (st == WS_OK)
        st = ws__segment(&ex->gaz->lex, &t, &seg, &e);
    if (st == WS_OK && seg.ntoks == 0)
        st = warn(r, -1, "empty document: no text to analyse");
    if (st == WS_OK && seg.ntoks > 0) {
        st = ws__find_entities(ex->gaz, ex->pats, &t, &seg, &ents, &e);
        if (st == WS_OK)
            st = ws__find_quotes(&t, &seg, ex->opt.max_quote_bytes, &qs, &e);
        if (st == WS_OK)
            st = ws__attribute(&t, &seg, &ents, &qs, &e);
        if (st == WS_OK && ex->opt.indirect)
            st = ws__find_reported(&t, &seg, &ents, &qs, &e);
        if (st == WS_OK)
            st = link_new_speakers(&ents, &t, &seg, &e);
        if (st == WS_OK && !(remap = malloc((ents.nents + 1) * sizeof *remap)))
            st = WS_ERR_NOMEM;
        if (st == WS_OK)
            st = build_result(r, ex->gaz, &t, &seg, &ents, &qs, remap);
    }
    if (st != WS_OK && !e.message[0])
        snprintf(e.message, sizeof e.message, "%s", ws_status_str(st));
    free(remap);
    ws__quotes_free(&qs);
    ws__entities_free(&ents);
    ws__segments_free(&seg);
    ws__text_free(&t);
    if (st != WS_OK)
        return fail_result(r, err, st, doc, -1, e.message);
    return WS_OK;
}

/* ---- accessors ---- */

const ws_error *ws_result_error(const ws_result *r) { return r->failed ? &r->error : NULL; }
const char *ws_result_doc_id(const ws_result *r) { return r->doc_id; }
const char *ws_result_origin(const ws_result *r) { return r->origin; }
const char *ws_result_meta_json(const ws_result *r) { return r->meta_json; }
size_t ws_result_doc_len(const ws_result *r) { return r->src_len; }
size_t ws_result_entity_count(const ws_result *r) { return r->nentities; }
size_t ws_result_mention_count(const ws_result *r) { return r->nmentions; }
size_t ws_result_quote_count(const ws_result *r) { return r->nquotes; }
size_t ws_result_warning_count(const ws_result *r) { return r->nwarnings; }

const ws_entity *ws_result_entity(const ws_result *r, size_t i)
{
    return i < r->nentities ? &r->entities[i] : NULL;
}

const ws_mention *ws_result_mention(const ws_result *r, size_t i)
{
    return i < r->nmentions ? &r->mentions[i] : NULL;
}

const ws_quote *ws_result_quote(const ws_result *r, size_t i)
{
    return i < r->nquotes ? &r->quotes[i] : NULL;
}

const ws_warning *ws_result_warning(const ws_result *r, size_t i)
{
    return i < r->nwarnings ? &r->warnings[i] : NULL;
}

const char *ws_result_text(ws_result *r, ws_span span, size_t *len)
{
    span = in_document(r, span);
    size_t n = span.end - span.start, o;
    if (r->src_valid && n == r->src_len) { /* the whole text, NUL-terminated already */
        if (len)
            *len = n;
        return r->src;
    }
    if (!ws__grow(&r->textbuf, &r->textcap, n * 3 + 1, 1))
        return NULL;
    o = copy_text(r, span, r->textbuf);
    r->textbuf[o] = '\0';
    if (len)
        *len = o;
    return r->textbuf;
}
