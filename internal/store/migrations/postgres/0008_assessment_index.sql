-- The questionnaire's versions count their assessments on every read of
-- the current one (assessment forms, every new assessment): by index, not
-- by scanning every assessment.
CREATE INDEX assessments_questionnaire ON assessments (questionnaire_version);
