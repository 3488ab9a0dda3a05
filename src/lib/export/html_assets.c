/*
 * html_assets.c - what every HTML page shares: the style sheet and script
 * (constants, so nothing from a document ever reaches them), escaping,
 * and the page's head and foot.
 *
 * Safety: every string that comes from a document or a gazetteer goes
 * through ws__html_escaped, in text and in attributes alike. Ids and class
 * names are never derived from data: they come from positions (q3, s2, e5)
 * or from fixed tables (entity types). The script reads its data from data-
 * attributes, so no JSON is ever embedded in it.
 */
#include <string.h>

#include "html.h"

static const char STYLE[] =
    ":root{--ink:#1b1f24;--muted:#57606a;--line:#d8dee4;--paper:#fff;--panel:#f6f8fa;"
    "--accent:#0b5cad;--person:#1d4ed8;--person-bg:#e3ecff;--place:#0f766e;--place-bg:#daf3ee;"
    "--org:#7e22ce;--org-bg:#f1e6ff;--quote-bg:#fff4c2;--quote-line:#b58105;"
    "--low-bg:#ffe3e0;--low-line:#c0271a;--hl:#ffd23f}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:var(--paper);color:var(--ink);"
    "font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}\n"
    "a{color:var(--accent)}\n"
    ":focus-visible{outline:3px solid var(--accent);outline-offset:2px}\n"
    ".skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:1}\n"
    "header.top{border-bottom:1px solid var(--line);padding:1rem max(2rem,calc((100% - 72rem)/2));"
    "background:var(--panel)}\n"
    "header.top h1{margin:.2rem 0;font-size:1.5rem;overflow-wrap:anywhere}\n"
    ".crumb{margin:0;font-size:.9rem}.meta{margin:0;color:var(--muted);font-size:.9rem}\n"
    ".source a{overflow-wrap:anywhere}.query{display:flex;flex-wrap:wrap;gap:.2rem 1.2rem;margin:.3rem 0}\n"
    ".query div{display:flex;gap:.35rem}.query dt{color:var(--muted)}.query dd{margin:0;font-weight:600}\n"
    ".layout{display:grid;grid-template-columns:minmax(0,44rem) minmax(16rem,24rem);gap:2.5rem;"
    "padding:1.5rem 2rem;align-items:start;max-width:76rem;margin:0 auto}\n"
    "@media (max-width:900px){.layout{grid-template-columns:1fr}}\n"
    "h2{font-size:.8rem;letter-spacing:.06em;text-transform:uppercase;color:var(--muted);margin:0 0 .6rem}\n"
    ".legend{display:flex;flex-wrap:wrap;gap:.4rem 1rem;margin:0 0 1.2rem;padding:.6rem .8rem;"
    "border:1px solid var(--line);border-radius:6px;font-size:.85rem;list-style:none}\n"
    ".doc{font-family:Charter,'Bitstream Charter','Iowan Old Style',Georgia,'Times New Roman',serif;"
    "font-size:1.08rem;line-height:1.7}\n"
    ".doc p{margin:0 0 1rem}\n"
    ".m{border-radius:3px;padding:0 .1em;border-bottom:1px solid}\n"
    ".m-person{color:var(--person);background:var(--person-bg)}\n"
    ".m-place{color:var(--place);background:var(--place-bg)}\n"
    ".m-org{color:var(--org);background:var(--org-bg)}\n"
    ".q{background:var(--quote-bg);border-bottom:2px solid var(--quote-line);padding:.05em 0}\n"
    ".q-low{background:var(--low-bg);border-bottom:2px dashed var(--low-line)}\n"
    ".q-other{background:none;border-bottom:2px dotted var(--muted)}\n"
    ".q:target{outline:2px solid var(--accent)}\n"
    ".filtering .q:not(.hl){background:none;border-bottom-color:var(--line)}\n"
    ".q.hl{background:var(--hl);box-shadow:0 0 0 2px var(--hl)}\n"
    ".swatch{display:inline-block;padding:0 .35em;margin-right:.3em}\n"
    "aside section{margin-bottom:1.8rem}\n"
    "aside ul,aside ol{list-style:none;margin:0;padding:0}\n"
    ".hint{margin:0 0 .5rem;font-size:.85rem;color:var(--muted)}\n"
    ".speaker{display:flex;width:100%;align-items:baseline;gap:.5rem;margin:0 0 .3rem;padding:.4rem .6rem;"
    "border:1px solid var(--line);border-radius:6px;background:#fff;color:var(--ink);font:inherit;"
    "text-align:left;cursor:pointer}\n"
    ".speaker:hover{border-color:var(--accent)}\n"
    ".speaker[aria-pressed=true]{background:var(--hl);border-color:var(--quote-line)}\n"
    ".speaker .role{color:var(--muted);font-size:.8rem;flex:1}\n"
    ".speaker .who{font-weight:600}.speaker.none .who{color:var(--low-line)}\n"
    ".n{margin-left:auto;min-width:1.8em;text-align:center;border-radius:9px;background:var(--panel);"
    "border:1px solid var(--line);font-size:.8rem;font-variant-numeric:tabular-nums}\n"
    ".qi a{display:block;padding:.45rem .6rem;margin:0 0 .35rem;border-left:4px solid var(--quote-line);"
    "background:var(--panel);border-radius:0 6px 6px 0;color:var(--ink);text-decoration:none;font-size:.88rem}\n"
    ".qi a:hover{background:#eef1f4}\n"
    ".qi.low a{border-left-color:var(--low-line);background:#fff5f4}\n"
    ".qi.other a{border-left:4px dotted var(--muted)}\n"
    ".filtering .qi:not(.hl){opacity:.4}\n"
    ".qi .who{font-weight:600}.qi .info{display:block;color:var(--muted);font-size:.8rem}\n"
    ".qi .text{display:block;font-style:italic}\n"
    ".flag{color:var(--low-line);font-weight:600}\n"
    ".ent{display:flex;gap:.5rem;align-items:baseline;padding:.2rem 0;border-bottom:1px solid var(--panel);"
    "font-size:.9rem}\n"
    ".type{font-size:.7rem;font-weight:700;padding:0 .35em;border-radius:3px;min-width:4.2em;text-align:center}\n"
    ".t-person{color:var(--person);background:var(--person-bg)}\n"
    ".t-place{color:var(--place);background:var(--place-bg)}\n"
    ".t-org{color:var(--org);background:var(--org-bg)}\n"
    ".error{padding:1rem;border-left:4px solid var(--low-line);background:var(--low-bg)}\n"
    "main.index{padding:1.5rem 2rem;max-width:76rem;margin:0 auto}\n"
    "table{border-collapse:collapse;width:100%;font-size:.92rem}\n"
    "th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid var(--line)}\n"
    "th{font-size:.78rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}\n"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\n"
    "td small{color:var(--muted)}\n"
    ".bars{margin:0 0 2rem;padding:0;list-style:none;max-width:44rem}\n"
    ".bars li{display:grid;grid-template-columns:15rem 1fr 3rem;gap:.6rem;align-items:center;margin:.25rem 0}\n"
    ".bar{height:1rem;background:var(--panel);border-radius:3px}\n"
    ".bar span{display:block;height:100%;background:var(--accent);border-radius:3px}\n"
    ".bars .n{border:none;background:none;text-align:right}\n"
    "footer{padding:1rem max(2rem,calc((100% - 72rem)/2));color:var(--muted);font-size:.8rem;"
    "border-top:1px solid var(--line)}\n";

/* Selecting a speaker highlights their quotes, in the text and in the list;

 * #speaker-s2 in the address selects one on load, so a view can be shared. */
static const char SCRIPT[] =
    "(function () {\n"
    "  var buttons = document.querySelectorAll('button[data-speaker-key]');\n"
    "  var marked = document.querySelectorAll('.q, .qi');\n"
    "  function select(key) {\n"
    "    document.body.classList.toggle('filtering', key !== null);\n"
    "    buttons.forEach(function (b) {\n"
    "      b.setAttribute('aria-pressed', String(b.getAttribute('data-speaker-key') === key));\n"
    "    });\n"
    "    marked.forEach(function (m) {\n"
    "      m.classList.toggle('hl', m.getAttribute('data-speaker-key') === key);\n"
    "    });\n"
    "  }\n"
    "  buttons.forEach(function (b) {\n"
    "    b.addEventListener('click', function () {\n"
    "      var key = b.getAttribute('aria-pressed') === 'true' ? null : b.getAttribute('data-speaker-key');\n"
    "      select(key);\n"
    "      /* Some browsers refuse history changes on file: pages. */\n"
    "      try { history.replaceState(null, '', key ? '#speaker-' + key : location.pathname); } catch (e) {}\n"
    "    });\n"
    "  });\n"
    "  var wanted = /^#speaker-(s[0-9]+|none)$/.exec(location.hash);\n"
    "  if (wanted) select(wanted[1]);\n"
    "})();\n";

/* Writes text with & < > " ' escaped, which makes it safe both as element
 * content and as a quoted attribute value. */
void ws__html_escaped(FILE *f, const char *s, size_t n)
{
    size_t run = 0;

    for (size_t i = 0; i < n; i++) {
        const char *entity;

        switch (s[i]) {
        case '&': entity = "&amp;"; break;
        case '<': entity = "&lt;"; break;
        case '>': entity = "&gt;"; break;
        case '"': entity = "&quot;"; break;
        case '\'': entity = "&#39;"; break;
        default: continue;
        }
        fwrite(s + run, 1, i - run, f);
        fputs(entity, f);
        run = i + 1;
    }
    fwrite(s + run, 1, n - run, f);
}

/* A NUL-terminated string, escaped; NULL writes nothing. */
void ws__html_str(FILE *f, const char *s)
{
    if (s)
        ws__html_escaped(f, s, strlen(s));
}

/* Class suffix of an entity type: a fixed table, never data. */
const char *ws__html_type_class(ws_entity_type type)
{
    switch (type) {
    case WS_PERSON: return "person";
    case WS_PLACE: return "place";
    case WS_ORG: return "org";
    }
    return "other";
}

bool ws__html_is_web_url(const char *url)
{
    return url && (strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0);
}

void ws__html_source(FILE *f, const ws__html_summary *s)
{
    const char *sep = "";

    if (s->date) {
        fputs("<time datetime=\"", f);
        ws__html_str(f, s->date);
        fputs("\">", f);
        ws__html_str(f, s->date);
        fputs("</time>", f);
        sep = " \xC2\xB7 ";
    }
    if (s->url) {
        fputs(sep, f);
        if (ws__html_is_web_url(s->url)) {
            fputs("<a class=\"source\" href=\"", f);
            ws__html_str(f, s->url);
            fputs("\">", f);
            ws__html_str(f, s->url);
            fputs("</a>", f);
        } else {
            ws__html_str(f, s->url);
        }
        sep = " \xC2\xB7 ";
    }
    fputs(sep, f);
    ws__html_str(f, s->doc_id);
}

void ws__html_head(FILE *f, const char *title)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"whosaid " WHOSAID_VERSION "\">\n<title>", f);
    ws__html_str(f, title);
    fputs(" \xE2\x80\x94 whosaid</title>\n<style>\n", f);
    fputs(STYLE, f);
    fputs("</style>\n</head>\n<body>\n", f);
}

void ws__html_foot(FILE *f, int with_script)
{
    fputs("<footer>Made by whosaid " WHOSAID_VERSION ". Attributions are automatic: "
          "check them against the text before publishing.</footer>\n", f);
    if (with_script) {
        fputs("<script>\n", f);
        fputs(SCRIPT, f);
        fputs("</script>\n", f);
    }
    fputs("</body>\n</html>\n", f);
}
