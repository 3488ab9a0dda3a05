/*
 * names.c - the names of the public enumerations, as the outputs write them.
 */
#include <stddef.h>

#include "base.h"

const char *ws_entity_type_str(ws_entity_type type)
{
    switch (type) {
    case WS_PERSON: return "PERSON";
    case WS_PLACE: return "PLACE";
    case WS_ORG: return "ORG";
    }
    return "UNKNOWN";
}

const char *ws_quote_kind_str(ws_quote_kind kind)
{
    switch (kind) {
    case WS_QUOTE_DIRECT: return "direct";
    case WS_QUOTE_PARTIAL: return "partial";
    case WS_QUOTE_OTHER: return "other";
    case WS_QUOTE_INDIRECT: return "indirect";
    }
    return "unknown";
}

static const struct {
    const char *name, *rule;
} quote_methods[] = {
    [WS_METHOD_NONE] = {NULL, "no attribution found"},
    [WS_METHOD_EXPLICIT] = {"explicit", "the speaker is named beside the quote: "
                                        "\u201c\u2026,\u201d NAME said / said NAME / NAME said: \u201c\u2026\u201d"},
    [WS_METHOD_PRONOUN] = {"pronoun", "a pronoun beside the quote (\u201c\u2026,\u201d he said), "
                                      "resolved to the nearest earlier person of that gender"},
    [WS_METHOD_ROLE] = {"role", "a role beside the quote (\u201c\u2026,\u201d the spokesman said), "
                                "resolved to the person who holds it"},
    [WS_METHOD_SUBJECT] = {"subject", "the subject of the speech verb before the quote in its sentence "
                                      "(NAME called it \u201c\u2026\u201d)"},
    [WS_METHOD_SPLIT] = {"split", "the later part of a sentence whose first part is attributed "
                                  "(\u201c\u2026,\u201d he said, \u201c\u2026\u201d)"},
    [WS_METHOD_CONTINUATION] = {"continuation",
                                "a new quoted sentence after an attributed one, with no other speaker in between"},
    [WS_METHOD_COLON] = {"colon", "introduced by the words before a colon (NAME said: / NAME: \u2026)"},
};

const char *ws_quote_method_str(ws_quote_method method)
{
    return (unsigned)method < sizeof quote_methods / sizeof quote_methods[0] ? quote_methods[method].name : NULL;
}

const char *ws_quote_method_rule(ws_quote_method method)
{
    return (unsigned)method < sizeof quote_methods / sizeof quote_methods[0] ? quote_methods[method].rule
                                                                             : quote_methods[0].rule;
}
