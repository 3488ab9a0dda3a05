-- pg-search.sql - the searches of `whosaid search` in PostgreSQL SQL
-- (schema: scripts/pg-schema.sql). psql variables, unset ones do not filter
-- (pass '' to leave one out):
--   words    quotes holding every word      speaker  a canonical entity id
--   about    an entity id named in the quote or its sentence (the speaker's
--            own mention outside the quote does not count)
--   since, until  document day YYYY-MM-DD    lim      at most this many rows
--
--   psql -v words="bridge we haven't crossed" -v speaker= -v about= \
--        -v since= -v until= -v lim=50 -f scripts/pg-search.sql

SELECT d.doc, d.date, d.source, d.url, 'q' || (q.ord + 1) AS quote_id,
       q.speaker, q.speaker_id, q.speaker_text, q.cue, q.kind, q.confidence, q.cluster, q.text
FROM quotes q JOIN documents d ON d.id = q.document
WHERE (:'words' = '' OR q.fts @@ plainto_tsquery('simple', whosaid_fold(:'words')))
  AND (:'speaker' = '' OR q.speaker_id = :'speaker')
  AND (:'about' = '' OR EXISTS (
        SELECT 1 FROM mentions m WHERE m.document = q.document AND m.entity = :'about'
          AND m.start_byte >= least(q.sentence_start, q.start_byte)
          AND m.end_byte <= greatest(q.sentence_end, q.end_byte)
          AND NOT (m.entity IS NOT DISTINCT FROM q.speaker_id
                   AND (m.start_byte < q.start_byte OR m.end_byte > q.end_byte))))
  AND (:'since' = '' OR d.day >= :'since')
  AND (:'until' = '' OR d.day <= :'until')
ORDER BY CASE WHEN :'words' = '' THEN 0
              ELSE ts_rank(q.fts, plainto_tsquery('simple', whosaid_fold(:'words'))) END DESC,
         d.day DESC NULLS LAST, d.doc, q.ord
LIMIT nullif(:'lim', '')::bigint;

-- who-said: every article that carried a cluster, the first published first.
--   SELECT d.day, d.doc, d.source, d.url, q.speaker, q.text FROM quotes q
--   JOIN documents d ON d.id = q.document WHERE q.cluster = $1
--   ORDER BY d.day NULLS LAST, d.date, d.doc, q.ord;
