-- Stored readiness results no longer repeat what their questionnaire
-- version and their answers say (readiness.Compact): each loss's dimension
-- and option, and the advice of the chosen options — the options' texts
-- with the points their questions cost, which the losses hold. That was
-- two thirds of every assessment row (9.6 of 10.7 KB in the demo
-- province); the store rebuilds it on reading (readiness.Expand) from the
-- version, which never changes once published. This rewrites the rows
-- stored before. Actions with a "key" come from the registry's facts about
-- products and stay. Running it again changes nothing.
UPDATE assessments SET result_json = json_set(result_json,
    '$.lost', json((SELECT json_group_array(json_remove(value, '$.dimension', '$.option') ORDER BY key)
        FROM json_each(assessments.result_json, '$.lost'))),
    '$.actions', json((SELECT json_group_array(json(value) ORDER BY key)
        FROM json_each(assessments.result_json, '$.actions') WHERE json_extract(value, '$.key') IS NOT NULL)))
WHERE result_json LIKE '%"dimension"%' OR result_json LIKE '%"text_id"%';
