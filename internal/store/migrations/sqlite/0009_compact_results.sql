-- Stored readiness results no longer repeat what their questionnaire
-- version and their answers hold (readiness.Compact): the advice texts of
-- the chosen options and each loss's dimension and option. They were two
-- thirds of every assessment row (9.6 of 10.7 KB in the demo province);
-- the store puts them back on reading (readiness.Expand), from the version,
-- which never changes once published. This rewrites the rows stored before.
-- Actions with a "key" come from the registry's facts and keep everything.
-- Running it again changes nothing.
UPDATE assessments SET result_json = json_set(result_json,
    '$.lost', json((SELECT json_group_array(json_remove(value, '$.dimension', '$.option') ORDER BY key)
        FROM json_each(assessments.result_json, '$.lost'))),
    '$.actions', json((SELECT json_group_array(CASE WHEN json_extract(value, '$.key') IS NULL
            THEN json_remove(value, '$.text_id', '$.text_en') ELSE json(value) END ORDER BY key)
        FROM json_each(assessments.result_json, '$.actions'))))
WHERE result_json LIKE '%"dimension"%' OR result_json LIKE '%"text_id"%';
