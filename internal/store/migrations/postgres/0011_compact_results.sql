-- Stored readiness results no longer repeat what their questionnaire
-- version and their answers say; see the SQLite migration of the same
-- number. Running it again changes nothing.
UPDATE assessments SET result_json = jsonb_set(jsonb_set(result_json::jsonb,
    '{lost}', COALESCE((SELECT jsonb_agg(l - 'dimension' - 'option' ORDER BY i)
        FROM jsonb_array_elements(result_json::jsonb -> 'lost') WITH ORDINALITY AS t (l, i)), '[]'::jsonb)),
    '{actions}', COALESCE((SELECT jsonb_agg(x ORDER BY i)
        FROM jsonb_array_elements(result_json::jsonb -> 'actions') WITH ORDINALITY AS t (x, i) WHERE x ? 'key'), '[]'::jsonb))::text
WHERE result_json LIKE '%"dimension"%' OR result_json LIKE '%"text_id"%';
