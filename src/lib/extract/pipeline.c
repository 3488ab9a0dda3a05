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
    ws_entity *entities;
    size_t nentities;
    size_t *mention_lists; /* backing store of every ws_entity.mentions */
    char **owned;          /* strings of entities found only in this document, an entity's in one */
    size_t nowned;
    ws_mention *mentions;
    size_t nmentions;
    ws_alternative *alternatives; /* backing store of every ws_entity.alternatives */
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
    free(r->entities);
    free(r->mention_lists);
    free(r->alternatives);
    for (size_t i = 0; i < r->nowned; i++)
        free(r->owned[i]);
    free(r->owned);
    free(r->mentions);
    free(r->quotes);
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

/* ---- building the result ---- */

/* Positions of the view mapped back to the original, as ws__text_to_orig
 * maps them, for positions that come nearly in order (mentions, and each
 * quote's spans): the search steps from the shift the last one found
 * rather than searching all shifts for each. */
typedef struct orig_map {
    const ws__text *t;
    size_t next; /* the shifts before it are those at or before the last position */
} orig_map;

static size_t to_orig(orig_map *m, size_t pos)
{
    const ws__text *t = m->t;

    while (m->next > 0 && t->shift_at[m->next - 1] > pos)
        m->next--;
    while (m->next < t->nshift && t->shift_at[m->next] <= pos)
        m->next++;
    return m->next ? (size_t)((ptrdiff_t)pos + t->shift[m->next - 1]) : pos;
}

static ws_span orig_span(orig_map *m, size_t b, size_t e)
{
    size_t start = to_orig(m, b);
    return (ws_span){start, to_orig(m, e)};
}

/* Copies of an entity's id, name (name_len bytes) and role (or NULL) for
 * the result to own, in one allocation rather than three. */
static ws_status own_strings(ws_result *r, ws_entity *dst, const char *id, const char *name, size_t name_len,
                             const char *role)
{
    size_t id_len = strlen(id), role_len = role ? strlen(role) : 0;
    char *c = malloc(id_len + name_len + role_len + 3);
    if (!c)
        return WS_ERR_NOMEM;
    r->owned[r->nowned++] = c;
    dst->id = memcpy(c, id, id_len + 1);
    c += id_len + 1;
    memcpy(c, name, name_len);
    c[name_len] = '\0';
    dst->name = c;
    c += name_len + 1;
    dst->role = role ? memcpy(c, role, role_len + 1) : NULL;
    return WS_OK;
}

static ws_status build_entities(ws_result *r, const ws_gazetteer *g, const ws__text *t,
                                const ws__segments *seg, ws__entities *e, uint32_t *remap)
{
    ws__index_mentions(e, seg->ntoks);
    /* entities in order of first mention; entities without mentions are dropped */
    size_t n = 0;
    for (size_t i = 0; i < e->nents; i++)
        remap[i] = WS__NONE;
    for (size_t i = 0; i < e->nments; i++)
        if (remap[e->ments[i].ent] == WS__NONE)
            remap[e->ments[i].ent] = (uint32_t)n++;
    r->entities = calloc(n + 1, sizeof *r->entities);
    r->mentions = calloc(e->nments + 1, sizeof *r->mentions);
    r->mention_lists = calloc(e->nments + 1, sizeof *r->mention_lists);
    r->owned = calloc(e->nents + 1, sizeof *r->owned);
    r->alternatives = calloc(e->nents * MAX_ALTERNATIVES + 1, sizeof *r->alternatives);
    if (!r->entities || !r->mentions || !r->mention_lists || !r->owned || !r->alternatives)
        return WS_ERR_NOMEM;
    r->nentities = n;
    r->nmentions = e->nments;
    orig_map map = {t, 0};
    for (size_t i = 0; i < e->nments; i++) {
        const ws__ment *m = &e->ments[i];
        r->mentions[i].span = orig_span(&map, seg->toks[m->tok_begin].start, seg->toks[m->tok_end - 1].end);
        r->mentions[i].entity = remap[m->ent];
        if (m->title_begin < m->tok_begin)
            r->mentions[i].title = orig_span(&map, seg->toks[m->title_begin].start, seg->toks[m->tok_begin - 1].end);
        r->mentions[i].country = m->country == WS__NONE ? NULL : g->ents[m->country].id;
        r->entities[remap[m->ent]].mention_count++;
    }
    /* carve each entity's mention list out of one array */
    size_t off = 0;
    for (size_t i = 0; i < n; i++) {
        r->entities[i].mentions = r->mention_lists + off;
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
            /* the name as the document writes it ("O’Malley", not the view's "O'Malley") */
            size_t name_len = 0;
            const char *name = src->name_e > src->name_b
                                   ? ws_result_text(r, orig_span(&map, src->name_b, src->name_e), &name_len)
                                   : src->name;
            if (!src->id || !name || own_strings(r, dst, src->id, name, name == src->name ? strlen(name) : name_len,
                                                 src->role) != WS_OK)
                return WS_ERR_NOMEM;
        } else {
            dst->id = src->id;
            dst->name = src->name;
            dst->role = src->role;
        }
        dst->gender = src->gender && (src->gender[0] == 'm' || src->gender[0] == 'f')
                          ? (src->gender[0] == 'm' ? "m" : "f") : NULL;
        dst->source = src->local ? "discovered" : "gazetteer";
        ws_alternative *alts = r->alternatives + remap[i] * MAX_ALTERNATIVES;
        for (size_t k = 0; k < src->nalts; k++) {
            const ws__gaz_entity *ge = &g->ents[src->alts[k]];
            alts[k] = (ws_alternative){ge->id, ge->name, ge->type};
        }
        dst->alternatives = alts;
        dst->alternative_count = src->nalts;
    }
    return WS_OK;
}

static ws_status build_quotes(ws_result *r, const ws__text *t, const ws__segments *seg,
                              const ws__quotes *qs, const uint32_t *remap)
{
    r->quotes = calloc(qs->n + 1, sizeof *r->quotes);
    if (!r->quotes)
        return WS_ERR_NOMEM;
    r->nquotes = qs->n;
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
        const ws__sentence *first = &seg->sents[seg->toks[ws__token_at(seg, q->open)].sent];
        size_t close_tok = ws__token_at(seg, q->close);
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
    ws_status st = ws__link_local_mentions(ents, t, seg);
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
        st = ws__link_local_mentions(e, t, seg);
    if (st == WS_OK)
        st = ws__name_teams(t, seg, e);
    if (st != WS_OK) {
        ws__entities_free(e);
        return ws__fail(err, st, NULL, 0, -1, "%s while finding entities", ws_status_str(st));
    }
    ws__index_mentions(e, seg->ntoks);
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
            st = build_entities(r, ex->gaz, &t, &seg, &ents, remap);
        if (st == WS_OK)
            st = build_quotes(r, &t, &seg, &qs, remap);
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

const char *ws_result_text(ws_result *r, ws_span span, size_t *len)
{
    if (!r->src || span.start > span.end || span.end > r->src_len)
        span.start = span.end = 0;
    size_t n = span.end - span.start, o;
    if (r->src_valid && n == r->src_len) { /* the whole text, NUL-terminated already */
        if (len)
            *len = n;
        return r->src;
    }
    if (!ws__grow(&r->textbuf, &r->textcap, n * 3 + 1, 1))
        return NULL;
    const unsigned char *s = (const unsigned char *)r->src + span.start;
    if (r->src_valid && char_boundary(r, span.start) && char_boundary(r, span.end)) {
        memcpy(r->textbuf, s, n); /* whole characters of valid text, as they are */
        o = n;
    } else {
        o = copy_valid(r->textbuf, s, n);
    }
    r->textbuf[o] = '\0';
    if (len)
        *len = o;
    return r->textbuf;
}
