package server

import (
	"net/http"

	"github.com/siapekspor/siapekspor"
)

// Route is one entry of the route table: a net/http pattern, the permission
// it requires, and its handler.
type Route struct {
	Pattern    string
	Permission siapekspor.Permission
	Handler    http.Handler
	// AllowBeforePasswordChange lets a user who must change a one-time
	// password reach the route (the password page itself, logout).
	AllowBeforePasswordChange bool
}

// Routes lists every route of the pages and the API in one place. An
// irreversible page action has a GET at its own path (or that path with
// /confirm), with the same permission and handler: the page that asks for
// confirmation (web.ask).
func (s *Server) Routes() []Route {
	p, a := s.pages, s.api
	f := func(pattern string, perm siapekspor.Permission, h http.HandlerFunc) Route {
		return Route{Pattern: pattern, Permission: perm, Handler: h}
	}
	const (
		public    = siapekspor.PermPublic
		signedIn  = siapekspor.PermSignedIn
		reference = siapekspor.PermReferenceRead
		entRead   = siapekspor.PermEnterpriseRead
		entWrite  = siapekspor.PermEnterpriseWrite
		entCreate = siapekspor.PermEnterpriseCreate
		entDelete = siapekspor.PermEnterpriseDelete
		orgRead   = siapekspor.PermOrgRead
		orgWrite  = siapekspor.PermOrgWrite
		userAdmin = siapekspor.PermUserAdmin
		auditRead = siapekspor.PermAuditRead
		prodRead  = siapekspor.PermProductRead
		prodWrite = siapekspor.PermProductWrite
		validate  = siapekspor.PermValidate
		rdRead    = siapekspor.PermReadinessRead
		assess    = siapekspor.PermAssess
		qAdmin    = siapekspor.PermQuestionnaireAdmin
		trRead    = siapekspor.PermTrainingRead
		trManage  = siapekspor.PermTrainingManage
		trRun     = siapekspor.PermTrainingRun
		trRespond = siapekspor.PermTrainingRespond
		mRead     = siapekspor.PermMentoringRead
		mWrite    = siapekspor.PermMentoringWrite
		mAssign   = siapekspor.PermMentorAssign
		mktAdmin  = siapekspor.PermMarketAdmin
		tradeLoad = siapekspor.PermTradeLoad
		statsLoad = siapekspor.PermStatsLoad
		regAdmin  = siapekspor.PermRegionAdmin
		// Buyers' requests and the matcher.
		reqRead    = siapekspor.PermRequestRead
		reqWrite   = siapekspor.PermRequestWrite
		matchRead  = siapekspor.PermMatchRead
		matchAdmin = siapekspor.PermMatchAdmin
		expRead    = siapekspor.PermExportRead
		expWrite   = siapekspor.PermExportWrite
		// The deal pipeline.
		pipeRead  = siapekspor.PermPipelineRead
		matchMove = siapekspor.PermMatchMove
		// Business-matching events.
		evRead   = siapekspor.PermEventRead
		evManage = siapekspor.PermEventManage
		evTake   = siapekspor.PermEventTake
		// The public catalogue's back office.
		catAdmin = siapekspor.PermCatalogueAdmin
	)
	return []Route{
		// Pages.
		f("GET /{$}", public, p.Home),
		f("GET /lang/{lang}", public, p.SwitchLang),
		{Pattern: "GET /static/", Permission: public, Handler: p.R.Static()},
		f("GET /healthz", public, s.health),
		f("GET /api/docs", public, p.APIDocs),
		f("GET /login", public, p.LoginForm),
		f("POST /login", public, p.Login),
		{Pattern: "POST /logout", Permission: signedIn, Handler: http.HandlerFunc(p.Logout), AllowBeforePasswordChange: true},
		f("GET /link/{secret}", public, p.LinkForm),
		f("POST /link/{secret}", public, p.LinkSetPassword),
		f("GET /account", signedIn, p.Account),
		{Pattern: "GET /account/password", Permission: signedIn, Handler: http.HandlerFunc(p.PasswordForm), AllowBeforePasswordChange: true},
		{Pattern: "POST /account/password", Permission: signedIn, Handler: http.HandlerFunc(p.ChangePassword), AllowBeforePasswordChange: true},
		f("POST /account/tokens", signedIn, p.CreateToken),
		f("GET /account/tokens/{id}/revoke", signedIn, p.RevokeToken),
		f("POST /account/tokens/{id}/revoke", signedIn, p.RevokeToken),
		f("POST /account/logout-everywhere", signedIn, p.LogoutEverywhere),

		f("GET /enterprises", entRead, p.EnterpriseList),
		f("GET /enterprises/new", entCreate, p.EnterpriseNew),
		f("GET /map", entRead, p.Map),
		f("GET /geo/{code}", entRead, p.Geo),
		f("GET /geo/points", entRead, p.GeoPoints),
		f("POST /enterprises", entCreate, p.EnterpriseCreate),
		f("GET /enterprises/{id}", entRead, p.EnterpriseDetail),
		f("GET /enterprises/{id}/edit", entWrite, p.EnterpriseEdit),
		f("POST /enterprises/{id}", entWrite, p.EnterpriseUpdate),
		f("GET /enterprises/{id}/delete", entDelete, p.EnterpriseDelete),
		f("POST /enterprises/{id}/delete", entDelete, p.EnterpriseDelete),

		f("GET /enterprises/export.csv", entRead, p.EnterpriseExport),
		f("GET /enterprises/export.xlsx", entRead, p.EnterpriseExport),
		f("GET /imports", entCreate, p.ImportList),
		f("POST /imports", entCreate, p.ImportUpload),
		f("GET /imports/jobs/{job}", entCreate, p.ImportJob),
		f("GET /imports/jobs/{job}/rejected.csv", entCreate, p.ImportRejected),
		f("POST /imports/jobs/{job}/run", entCreate, p.ImportRun),
		f("GET /imports/jobs/{job}/columns", entCreate, p.ImportColumns),
		f("POST /imports/jobs/{job}/columns", entCreate, p.ImportColumns),
		f("GET /imports/{id}/undo/confirm", entCreate, p.ImportUndo),
		f("POST /imports/{id}/undo", entCreate, p.ImportUndo),
		f("GET /imports/{id}", entCreate, p.ImportShow),
		f("GET /imports/template.csv", entCreate, p.EnterpriseImportTemplate),
		f("GET /imports/template.xlsx", entCreate, p.EnterpriseImportTemplate),
		f("POST /imports/{id}/possible/{pid}/keep", entCreate, p.ImportPossibleKeep),
		f("GET /imports/{id}/possible/{pid}/merge", entCreate, p.ImportPossibleMerge),
		f("POST /imports/{id}/possible/{pid}/merge", entCreate, p.ImportPossibleMerge),

		// The public catalogue for foreign buyers (issue 20): no sign-in.
		f("GET /catalogue", public, p.CatalogueHome),
		f("GET /catalogue/search", public, p.CatalogueSearch),
		f("GET /catalogue/p/{slug}", public, p.CatalogueProduct),
		f("GET /catalogue/e/{slug}", public, p.CatalogueEnterprise),
		f("GET /catalogue/certified/{type}", public, p.CatalogueCertified),
		f("POST /catalogue/p/{slug}/inquiry", public, p.CatalogueInquiry),
		f("POST /catalogue/e/{slug}/inquiry", public, p.CatalogueInquiry),
		f("GET /catalogue/inquiry/sent", public, p.CatalogueInquirySent),
		f("GET /catalogue/register", public, p.CatalogueRegisterForm),
		f("POST /catalogue/register", public, p.CatalogueRegister),
		f("GET /sitemap.xml", public, p.Sitemap),
		f("GET /robots.txt", public, p.Robots),
		f("GET /catalogue/inquiries", siapekspor.PermCatalogueAdmin, p.CatalogueInquiries),
		f("GET /catalogue/buyers", siapekspor.PermCatalogueAdmin, p.CatalogueBuyers),
		f("POST /catalogue/buyers/{id}/approve", siapekspor.PermCatalogueAdmin, p.CatalogueBuyerDecide(true)),
		f("POST /catalogue/buyers/{id}/reject", siapekspor.PermCatalogueAdmin, p.CatalogueBuyerDecide(false)),
		f("POST /enterprises/{id}/listing", entWrite, p.ListingSave),

		f("GET /search", prodRead, p.Search),
		f("GET /hs", reference, p.HS),
		f("GET /media/{path...}", public, p.ServePhoto),
		f("GET /products", prodRead, p.ProductList),
		f("GET /products/export.csv", prodRead, p.ProductExport),
		f("GET /products/export.xlsx", prodRead, p.ProductExport),
		f("GET /products/import", prodWrite, p.ProductImportForm),
		f("POST /products/import", prodWrite, p.ProductImport),
		f("GET /products/import/template.csv", prodWrite, p.ProductImportTemplate),
		f("GET /products/new", prodWrite, p.ProductNew),
		f("POST /products", prodWrite, p.ProductSave),
		f("GET /products/{id}", prodRead, p.ProductDetail),
		f("GET /products/{id}/edit", prodWrite, p.ProductEdit),
		f("POST /products/{id}", prodWrite, p.ProductSave),
		f("GET /products/{id}/delete", prodWrite, p.ProductDelete),
		f("POST /products/{id}/delete", prodWrite, p.ProductDelete),
		f("POST /products/{id}/photos", prodWrite, p.PhotoUpload),
		f("GET /products/{id}/photos/{photo}/delete", prodWrite, p.PhotoDelete),
		f("POST /products/{id}/photos/{photo}/delete", prodWrite, p.PhotoDelete),
		f("POST /products/{id}/submit", prodWrite, p.ProductSubmit),
		f("POST /products/{id}/review", validate, p.ProductReview),
		f("GET /validation", validate, p.ValidationQueue),
		f("GET /certificates/expiring", prodRead, p.CertificatesExpiring),
		f("GET /certificates/export.csv", prodRead, p.CertificateExport),
		f("GET /certificates/export.xlsx", prodRead, p.CertificateExport),
		f("GET /certificates/new", prodWrite, p.CertificateNew),
		f("POST /certificates", prodWrite, p.CertificateSave),
		f("GET /certificates/{id}/edit", prodWrite, p.CertificateEdit),
		f("POST /certificates/{id}", prodWrite, p.CertificateSave),
		f("GET /certificates/{id}/delete", prodWrite, p.CertificateDelete),
		f("POST /certificates/{id}/delete", prodWrite, p.CertificateDelete),
		f("GET /certificates/{id}/document", prodRead, p.CertificateDocument),

		// The funnel against the targets (issue 18).
		f("GET /funnel", entRead, p.Funnel),
		f("GET /funnel/targets", entRead, p.Targets),
		f("POST /funnel/targets", siapekspor.PermTargetAdmin, p.TargetSave),
		// The monthly report (issue 18, item 6): the province's, or a
		// regency office's regency's.
		f("GET /reports/monthly", entRead, p.MonthlyReport),
		f("GET /reports/monthly.pdf", entRead, p.MonthlyReportPDF),
		f("GET /reports/monthly.xlsx", entRead, p.MonthlyReportXLSX),

		// Realised export records.
		f("GET /exports", expRead, p.ExportList),
		f("GET /exports/export.csv", expRead, p.ExportDownload),
		f("GET /exports/export.xlsx", expRead, p.ExportDownload),
		f("GET /exports/compare", expRead, p.ExportCompare),
		f("GET /exports/compare.csv", expRead, p.ExportCompareDownload),
		f("GET /exports/compare.xlsx", expRead, p.ExportCompareDownload),
		f("GET /exports/import", expWrite, p.ExportImportForm),
		f("POST /exports/import", expWrite, p.ExportImport),
		f("GET /exports/new", expWrite, p.ExportNew),
		f("POST /exports", expWrite, p.ExportSave),
		f("GET /exports/{id}", expRead, p.ExportDetail),
		f("GET /exports/{id}/edit", expWrite, p.ExportEdit),
		f("POST /exports/{id}", expWrite, p.ExportSave),
		f("GET /exports/{id}/delete", expWrite, p.ExportDelete),
		f("POST /exports/{id}/delete", expWrite, p.ExportDelete),
		f("GET /exports/{id}/scans/{doc}", expRead, p.ExportScan),

		// Export readiness.
		f("GET /readiness", rdRead, p.ReadinessList),
		f("GET /readiness/export.csv", rdRead, p.ReadinessExport),
		f("GET /readiness/export.xlsx", rdRead, p.ReadinessExport),
		f("GET /enterprises/{id}/readiness", rdRead, p.EnterpriseReadiness),
		f("GET /enterprises/{id}/assess", assess, p.AssessForm),
		f("POST /enterprises/{id}/assess", assess, p.AssessSubmit),
		f("GET /assessments/{id}", rdRead, p.AssessmentDetail),
		f("GET /readiness/questionnaires", qAdmin, p.Questionnaires),
		f("POST /readiness/questionnaires", qAdmin, p.QuestionnaireDraft),
		f("GET /readiness/questionnaires/{version}", qAdmin, p.QuestionnaireDetail),
		f("GET /readiness/questionnaires/{version}/json", qAdmin, p.QuestionnaireJSON),
		f("POST /readiness/questionnaires/{version}", qAdmin, p.QuestionnaireSettings),
		f("GET /readiness/questionnaires/{version}/publish", qAdmin, p.QuestionnairePublish),
		f("POST /readiness/questionnaires/{version}/publish", qAdmin, p.QuestionnairePublish),
		f("GET /readiness/questionnaires/{version}/delete", qAdmin, p.QuestionnaireDelete),
		f("POST /readiness/questionnaires/{version}/delete", qAdmin, p.QuestionnaireDelete),
		f("GET /readiness/questionnaires/{version}/questions/{key}", qAdmin, p.QuestionEdit),
		f("POST /readiness/questionnaires/{version}/questions/{key}", qAdmin, p.QuestionSave),
		f("GET /readiness/questionnaires/{version}/questions/{key}/delete", qAdmin, p.QuestionDelete),
		f("POST /readiness/questionnaires/{version}/questions/{key}/delete", qAdmin, p.QuestionDelete),

		// Training.
		f("GET /training", trRead, p.TrainingHome),
		f("GET /training/programmes/new", trManage, p.ProgrammeNew),
		f("POST /training/programmes", trManage, p.ProgrammeSave),
		f("GET /training/programmes/{id}", trRead, p.ProgrammeDetail),
		f("GET /training/programmes/{id}/edit", trManage, p.ProgrammeEdit),
		f("POST /training/programmes/{id}", trManage, p.ProgrammeSave),
		f("GET /training/programmes/{id}/placement", trManage, p.Placement),
		f("POST /training/programmes/{id}/placement", trManage, p.PlacementPropose),
		f("POST /training/programmes/{id}/confirm", trManage, p.PlacementConfirm),
		f("GET /training/programmes/{id}/finish", trManage, p.ProgrammeFinish),
		f("POST /training/programmes/{id}/finish", trManage, p.ProgrammeFinish),
		f("GET /training/programmes/{id}/report", trRead, p.ProgrammeReport),
		f("GET /training/programmes/{id}/export.xlsx", trRead, p.ProgrammeExport),
		f("GET /training/programmes/{id}/export.csv", trRead, p.ProgrammeExport),
		f("POST /training/stages/{id}", trManage, p.StageUpdate),
		f("GET /training/classes/{id}", trRead, p.ClassDetail),
		f("POST /training/classes/{id}", trManage, p.ClassUpdate),
		f("GET /training/classes/{id}/roster", trRead, p.ClassRoster),
		f("GET /training/classes/{id}/attendance-sheet", trRead, p.ClassAttendanceSheet),
		f("POST /training/classes/{id}/enrolments", trManage, p.EnrolmentAdd),
		f("POST /training/classes/{id}/sessions", trRun, p.SessionCreate),
		f("GET /training/sessions/{id}", trRead, p.SessionDetail),
		f("POST /training/sessions/{id}", trRun, p.SessionUpdate),
		f("GET /training/sessions/{id}/delete", trRun, p.SessionDelete),
		f("POST /training/sessions/{id}/delete", trRun, p.SessionDelete),
		f("POST /training/sessions/{id}/attendance", trRun, p.SessionAttendance),
		f("POST /training/enrolments/{id}/move", trManage, p.EnrolmentMove),
		f("GET /training/enrolments/{id}/remove", trManage, p.EnrolmentRemove),
		f("POST /training/enrolments/{id}/remove", trManage, p.EnrolmentRemove),
		f("POST /training/enrolments/{id}/result", trRun, p.EnrolmentResult),
		f("POST /training/enrolments/{id}/respond", signedIn, p.EnrolmentRespond),
		f("GET /invitations", trRespond, p.Invitations),

		// Mentoring (pendampingan).
		f("GET /mentoring", mRead, p.MentoringHome),
		f("GET /mentoring/overdue", mRead, p.MentoringOverdue),
		f("GET /mentoring/export.xlsx", mRead, p.MentoringExport),
		f("GET /mentoring/export.csv", mRead, p.MentoringExport),
		f("GET /enterprises/{id}/mentoring", mRead, p.EnterpriseMentoring),
		f("GET /enterprises/{id}/timeline", mRead, p.Timeline),
		f("POST /enterprises/{id}/mentors", mAssign, p.MentorAssign),
		f("GET /enterprises/{id}/mentors/{user}/end", mAssign, p.MentorEnd),
		f("POST /enterprises/{id}/mentors/{user}/end", mAssign, p.MentorEnd),
		f("POST /enterprises/{id}/activities", mWrite, p.ActivityCreate),
		f("GET /mentoring/activities/{id}", mWrite, p.ActivityEdit),
		f("POST /mentoring/activities/{id}", mWrite, p.ActivityUpdate),
		f("POST /enterprises/{id}/cases", mWrite, p.CaseCreate),
		f("GET /mentoring/cases/{id}", mRead, p.CaseDetail),
		f("POST /mentoring/cases/{id}", mWrite, p.CaseUpdate),

		// Destination markets.
		f("GET /markets", signedIn, p.MarketsHome),
		f("GET /markets/go", signedIn, p.MarketsGo),
		f("GET /markets/products/{hs}", signedIn, p.MarketProduct),
		f("GET /markets/countries/{iso3}", signedIn, p.MarketCountry),
		f("GET /markets/gap/{iso3}", signedIn, p.MarketGap),
		f("GET /markets/requirements", signedIn, p.Requirements),
		f("GET /markets/requirements.json", signedIn, p.RequirementsExport),
		f("POST /markets/requirements/import", mktAdmin, p.RequirementsImport),
		f("GET /markets/requirements/{id}", mktAdmin, p.RequirementEdit),
		f("POST /markets/requirements/{id}", mktAdmin, p.RequirementSave),
		f("GET /markets/requirements/{id}/delete", mktAdmin, p.RequirementDelete),
		f("POST /markets/requirements/{id}/delete", mktAdmin, p.RequirementDelete),
		f("GET /markets/data", signedIn, p.TradeData),
		f("POST /markets/data", tradeLoad, p.TradeUpload),
		f("POST /markets/weights", mktAdmin, p.MarketWeightsSave),
		f("GET /markets/statistics", signedIn, p.Statistics),
		f("POST /markets/statistics", statsLoad, p.StatisticsUpload),
		f("GET /markets/statistics/{id}/delete", statsLoad, p.StatisticsDelete),
		f("POST /markets/statistics/{id}/delete", statsLoad, p.StatisticsDelete),

		// Buyers' requests and the matcher (issue 17, items 1–2).
		f("GET /requests", reqRead, p.RequestList),
		f("GET /requests/export.csv", reqRead, p.RequestExport),
		f("GET /requests/export.xlsx", reqRead, p.RequestExport),
		f("GET /requests/new", reqWrite, p.RequestNew),
		f("POST /requests", reqWrite, p.RequestSave),
		f("GET /requests/import", reqWrite, p.RequestImportForm),
		f("POST /requests/import", reqWrite, p.RequestImport),
		f("GET /requests/weights", matchAdmin, p.MatchWeights),
		f("POST /requests/weights", matchAdmin, p.MatchWeightsSave),
		f("GET /requests/{id}", reqRead, p.RequestDetail),
		f("GET /requests/{id}/edit", reqWrite, p.RequestEdit),
		f("POST /requests/{id}", reqWrite, p.RequestSave),
		f("GET /requests/{id}/delete", reqWrite, p.RequestDelete),
		f("POST /requests/{id}/delete", reqWrite, p.RequestDelete),
		// The deal pipeline (issue 17, items 3–4).
		f("GET /inbox", signedIn, p.InboxPage),
		f("POST /requests/{id}/shortlist", matchMove, p.RequestShortlist),
		f("GET /requests/{id}/board", pipeRead, p.RequestBoard),
		f("GET /enterprises/{id}/board", pipeRead, p.EnterpriseBoard),
		f("GET /matches", pipeRead, p.MatchList),
		f("GET /matches/export.csv", pipeRead, p.MatchExport),
		f("GET /matches/export.xlsx", pipeRead, p.MatchExport),
		f("GET /matches/{id}", pipeRead, p.MatchDetail),
		f("POST /matches/{id}/move", matchMove, p.MatchMove),
		f("POST /matches/{id}/answer", matchMove, p.MatchAnswer),
		// Business-matching events (issue 19). Routes both sides use take
		// event:read; the store decides who speaks for which participant.
		f("GET /events", evRead, p.EventList),
		f("GET /events/new", evManage, p.EventNew),
		f("POST /events", evManage, p.EventSave),
		f("GET /events/{id}", evRead, p.EventPage),
		f("GET /events/{id}/edit", evManage, p.EventEdit),
		f("POST /events/{id}", evManage, p.EventSave),
		f("POST /events/{id}/participants", evManage, p.EventAddParticipants),
		f("POST /events/{id}/participants/{pid}", evRead, p.EventParticipantSave),
		f("POST /events/{id}/participants/{pid}/answer", evTake, p.EventInvitationAnswer),
		f("GET /events/{id}/participants/{pid}/remove", evManage, p.EventParticipantRemove),
		f("POST /events/{id}/participants/{pid}/remove", evManage, p.EventParticipantRemove),
		f("POST /events/{id}/participants/{pid}/checkin", evManage, p.EventCheckIn),
		f("POST /events/{id}/requests", evRead, p.EventRequestMeetings),
		f("POST /events/{id}/requests/{rid}/answer", evRead, p.EventRequestAnswer),
		f("GET /events/{id}/requests/{rid}/withdraw", evRead, p.EventRequestWithdraw),
		f("POST /events/{id}/requests/{rid}/withdraw", evRead, p.EventRequestWithdraw),
		f("POST /events/{id}/requests/{rid}/place", evManage, p.EventPlaceRequest),
		f("POST /events/{id}/schedule", evManage, p.EventSchedule),
		f("POST /events/{id}/meetings/{mid}/pin", evManage, p.EventMeetingPin),
		f("POST /events/{id}/meetings/{mid}/move", evManage, p.EventMeetingMove),
		f("GET /events/{id}/meetings/{mid}/remove", evManage, p.EventMeetingRemove),
		f("POST /events/{id}/meetings/{mid}/remove", evManage, p.EventMeetingRemove),
		f("POST /events/{id}/send", evManage, p.EventSendAgendas),
		f("GET /events/{id}/agendas", evRead, p.EventAgendas),
		f("GET /events/{id}/agendas/pdf", evRead, p.EventAgendas),
		f("GET /events/{id}/agendas/{pid}", evRead, p.EventAgenda),
		f("GET /events/{id}/agendas/{pid}/pdf", evRead, p.EventAgendaPDF),
		f("GET /events/{id}/agendas/{pid}/ics", evRead, p.EventAgendaICS),
		f("GET /events/{id}/tables/{n}", evRead, p.EventTable),
		f("GET /events/{id}/tables/{n}/pdf", evRead, p.EventTablePDF),
		f("GET /events/{id}/day", evManage, p.EventDay),
		f("POST /events/{id}/meetings/{mid}/record", evManage, p.EventMeetingRecord),
		f("GET /events/{id}/report", evRead, p.EventReportPage),
		f("GET /events/{id}/report.xlsx", evRead, p.EventReportPage),

		f("GET /organisations", orgRead, p.OrganisationList),
		f("GET /organisations/new", orgWrite, p.OrganisationNew),
		f("POST /organisations", orgWrite, p.OrganisationCreate),
		f("GET /organisations/{id}/edit", orgWrite, p.OrganisationEdit),
		f("POST /organisations/{id}", orgWrite, p.OrganisationUpdate),
		f("GET /users", userAdmin, p.UserList),
		f("GET /users/new", userAdmin, p.UserNew),
		f("POST /users", userAdmin, p.UserCreate),
		f("GET /users/{id}/edit", userAdmin, p.UserEdit),
		f("POST /users/{id}", userAdmin, p.UserUpdate),
		f("POST /users/{id}/reset", userAdmin, p.UserReset),
		f("GET /regions/aliases", regAdmin, p.RegionAliases),
		f("POST /regions/aliases", regAdmin, p.RegionAliasAdd),
		f("GET /regions/aliases/{id}/delete", regAdmin, p.RegionAliasDelete),
		f("POST /regions/aliases/{id}/delete", regAdmin, p.RegionAliasDelete),
		f("GET /regions/boundaries", regAdmin, p.Boundaries),
		f("POST /regions/boundaries", regAdmin, p.BoundariesLoad),
		f("GET /audit", auditRead, p.AuditList),
		f("GET /audit/export.csv", auditRead, p.AuditExport),
		// The operators' metrics, Prometheus text format (metrics.go).
		f("GET /metrics", siapekspor.PermMetricsRead, s.Metrics),

		// JSON API.
		f("GET /api/openapi.json", public, a.OpenAPIHandler),
		f("GET /api/v1/regions", reference, a.Regions),
		f("GET /api/v1/regions/{code}", reference, a.Region),
		f("GET /api/v1/hs", reference, a.HS),
		f("GET /api/v1/hs/{code}", reference, a.HSCode),
		f("GET /api/v1/enterprises", entRead, a.ListEnterprises),
		f("POST /api/v1/enterprises", entCreate, a.CreateEnterprise),
		f("GET /api/v1/enterprises/{id}", entRead, a.GetEnterprise),
		f("PATCH /api/v1/enterprises/{id}", entWrite, a.UpdateEnterprise),
		f("DELETE /api/v1/enterprises/{id}", entDelete, a.DeleteEnterprise),
		f("GET /api/v1/enterprises/export", entRead, a.ExportEnterprises),
		f("GET /api/v1/imports", entCreate, a.ListImports),
		f("POST /api/v1/imports", entCreate, a.CreateImport),
		f("POST /api/v1/imports/{id}/undo", entCreate, a.UndoImport),
		f("GET /api/v1/import-layouts", entCreate, a.ListImportLayouts),
		f("GET /api/v1/imports/{id}", entCreate, a.GetImport),
		f("POST /api/v1/imports/{id}/possible-duplicates/{pid}", entCreate, a.DecidePossibleDuplicate),
		f("GET /api/v1/search", prodRead, a.Search),
		f("GET /api/v1/products", prodRead, a.ListProducts),
		f("GET /api/v1/products/export", prodRead, a.ExportProducts),
		f("POST /api/v1/products/import", prodWrite, a.ImportProducts),
		f("POST /api/v1/products", prodWrite, a.CreateProduct),
		f("GET /api/v1/products/{id}", prodRead, a.GetProduct),
		f("PATCH /api/v1/products/{id}", prodWrite, a.UpdateProduct),
		f("DELETE /api/v1/products/{id}", prodWrite, a.DeleteProduct),
		f("POST /api/v1/products/{id}/photos", prodWrite, a.AddPhoto),
		f("DELETE /api/v1/products/{id}/photos/{photo}", prodWrite, a.DeletePhoto),
		f("POST /api/v1/products/{id}/submit", prodWrite, a.SubmitProduct),
		f("POST /api/v1/products/{id}/review", validate, a.ReviewProduct),
		f("GET /api/v1/products/{id}/validations", prodRead, a.ValidationHistory),
		f("GET /api/v1/validation/queue", validate, a.ValidationQueue),
		f("GET /api/v1/certificates", prodRead, a.ListCertificates),
		f("GET /api/v1/certificates/export", prodRead, a.ExportCertificates),
		f("POST /api/v1/certificates", prodWrite, a.CreateCertificate),
		f("GET /api/v1/certificates/{id}", prodRead, a.GetCertificate),
		f("PATCH /api/v1/certificates/{id}", prodWrite, a.UpdateCertificate),
		f("DELETE /api/v1/certificates/{id}", prodWrite, a.DeleteCertificate),
		f("PUT /api/v1/certificates/{id}/document", prodWrite, a.PutDocument),
		f("GET /api/v1/certificates/{id}/document", prodRead, a.GetDocument),
		f("GET /api/v1/funnel", entRead, a.Funnel),
		f("GET /api/v1/targets", entRead, a.ListTargets),
		f("GET /api/v1/targets/history", entRead, a.TargetHistory),
		f("POST /api/v1/targets", siapekspor.PermTargetAdmin, a.SaveTarget),
		f("GET /api/v1/reports/monthly", entRead, a.MonthlyReport),
		f("GET /api/v1/exports", expRead, a.ListExports),
		f("POST /api/v1/exports", expWrite, a.CreateExport),
		f("GET /api/v1/exports/export", expRead, a.DownloadExports),
		f("GET /api/v1/exports/compare", expRead, a.CompareExports),
		f("POST /api/v1/exports/import", expWrite, a.ImportExports),
		f("GET /api/v1/exports/{id}", expRead, a.GetExport),
		f("PATCH /api/v1/exports/{id}", expWrite, a.UpdateExport),
		f("DELETE /api/v1/exports/{id}", expWrite, a.DeleteExport),
		f("PUT /api/v1/exports/{id}/scans/{doc}", expWrite, a.PutExportScan),
		f("GET /api/v1/exports/{id}/scans/{doc}", expRead, a.GetExportScan),
		f("GET /api/v1/questionnaires", qAdmin, a.ListQuestionnaires),
		f("POST /api/v1/questionnaires", qAdmin, a.CreateQuestionnaire),
		f("GET /api/v1/questionnaires/{version}", rdRead, a.GetQuestionnaire),
		f("PUT /api/v1/questionnaires/{version}", qAdmin, a.UpdateQuestionnaire),
		f("DELETE /api/v1/questionnaires/{version}", qAdmin, a.DeleteQuestionnaire),
		f("POST /api/v1/questionnaires/{version}/publish", qAdmin, a.PublishQuestionnaire),
		f("GET /api/v1/enterprises/{id}/assessment-form", assess, a.AssessmentForm),
		f("GET /api/v1/enterprises/{id}/assessments", rdRead, a.ListEnterpriseAssessments),
		f("POST /api/v1/enterprises/{id}/assessments", assess, a.CreateAssessment),
		f("GET /api/v1/assessments/{id}", rdRead, a.GetAssessment),
		f("GET /api/v1/readiness", rdRead, a.ListReadiness),
		f("GET /api/v1/readiness/export", rdRead, a.ExportReadiness),

		f("GET /api/v1/programmes", trRead, a.ListProgrammes),
		f("POST /api/v1/programmes", trManage, a.CreateProgramme),
		f("GET /api/v1/programmes/{id}", trRead, a.GetProgramme),
		f("PATCH /api/v1/programmes/{id}", trManage, a.UpdateProgramme),
		f("GET /api/v1/programmes/{id}/enrolments", trRead, a.ProgrammeEnrolments),
		f("POST /api/v1/programmes/{id}/placement", trManage, a.ProposePlacement),
		f("POST /api/v1/programmes/{id}/confirm", trManage, a.ConfirmProgramme),
		f("POST /api/v1/programmes/{id}/finish", trManage, a.FinishProgramme),
		f("GET /api/v1/programmes/{id}/report", trRead, a.ProgrammeReport),
		f("GET /api/v1/programmes/{id}/export", trRead, a.ExportProgramme),
		f("PATCH /api/v1/stages/{id}", trManage, a.UpdateStage),
		f("GET /api/v1/classes/{id}", trRead, a.GetClass),
		f("PATCH /api/v1/classes/{id}", trManage, a.UpdateClass),
		f("GET /api/v1/classes/{id}/enrolments", trRead, a.ClassEnrolments),
		f("POST /api/v1/classes/{id}/enrolments", trManage, a.AddEnrolment),
		f("GET /api/v1/classes/{id}/sessions", trRead, a.ClassSessions),
		f("POST /api/v1/classes/{id}/sessions", trRun, a.CreateSession),
		f("GET /api/v1/sessions/{id}", trRead, a.GetSession),
		f("PATCH /api/v1/sessions/{id}", trRun, a.UpdateSession),
		f("DELETE /api/v1/sessions/{id}", trRun, a.DeleteSession),
		f("GET /api/v1/sessions/{id}/attendance", trRead, a.GetAttendance),
		f("PUT /api/v1/sessions/{id}/attendance", trRun, a.PutAttendance),
		f("GET /api/v1/enrolments/{id}", signedIn, a.GetEnrolment),
		f("PATCH /api/v1/enrolments/{id}", trRun, a.UpdateEnrolment),
		f("DELETE /api/v1/enrolments/{id}", trManage, a.DeleteEnrolment),
		f("POST /api/v1/enrolments/{id}/respond", signedIn, a.RespondEnrolment),
		f("GET /api/v1/enterprises/{id}/enrolments", rdRead, a.EnterpriseEnrolments),
		f("GET /api/v1/me/invitations", trRespond, a.MyInvitations),

		f("GET /api/v1/enterprises/{id}/mentors", mRead, a.EnterpriseMentors),
		f("POST /api/v1/enterprises/{id}/mentors", mAssign, a.AssignMentor),
		f("DELETE /api/v1/enterprises/{id}/mentors/{user}", mAssign, a.EndMentor),
		f("GET /api/v1/me/mentees", mWrite, a.MyMentees),
		f("GET /api/v1/enterprises/{id}/activities", mRead, a.EnterpriseActivities),
		f("POST /api/v1/enterprises/{id}/activities", mWrite, a.CreateActivity),
		f("GET /api/v1/activities/{id}", mRead, a.GetActivity),
		f("PATCH /api/v1/activities/{id}", mWrite, a.UpdateActivity),
		f("GET /api/v1/enterprises/{id}/cases", mRead, a.EnterpriseCases),
		f("POST /api/v1/enterprises/{id}/cases", mWrite, a.CreateCase),
		f("GET /api/v1/cases", mRead, a.ListCases),
		f("GET /api/v1/cases/{id}", mRead, a.GetCase),
		f("PATCH /api/v1/cases/{id}", mWrite, a.UpdateCase),
		f("GET /api/v1/mentoring/overdue", mRead, a.Overdue),
		f("GET /api/v1/mentoring/export", mRead, a.ExportMentoring),
		f("GET /api/v1/enterprises/{id}/timeline", mRead, a.Timeline),

		f("GET /api/v1/markets/products/{hs}", signedIn, a.MarketRanking),
		f("GET /api/v1/markets/countries/{iso3}", signedIn, a.MarketCountry),
		f("GET /api/v1/markets/gap/{iso3}", signedIn, a.MarketGap),
		f("GET /api/v1/markets/restrictions", signedIn, a.MarketRestrictions),
		f("GET /api/v1/markets/requirements", signedIn, a.ListRequirements),
		f("POST /api/v1/markets/requirements", mktAdmin, a.CreateRequirement),
		f("POST /api/v1/markets/requirements/import", mktAdmin, a.ImportRequirements),
		f("GET /api/v1/markets/requirements/{id}", signedIn, a.GetRequirement),
		f("PUT /api/v1/markets/requirements/{id}", mktAdmin, a.UpdateRequirement),
		f("DELETE /api/v1/markets/requirements/{id}", mktAdmin, a.DeleteRequirement),
		f("GET /api/v1/markets/trade/loads", signedIn, a.TradeLoads),
		f("POST /api/v1/markets/trade", tradeLoad, a.LoadTrade),
		f("GET /api/v1/markets/weights", signedIn, a.GetMarketWeights),
		f("PUT /api/v1/markets/weights", mktAdmin, a.PutMarketWeights),
		f("GET /api/v1/markets/statistics", signedIn, a.ListStatistics),
		f("POST /api/v1/markets/statistics", statsLoad, a.UploadStatistics),
		f("GET /api/v1/markets/statistics/{id}", signedIn, a.GetStatistics),
		f("DELETE /api/v1/markets/statistics/{id}", statsLoad, a.DeleteStatistics),

		f("GET /api/v1/requests", reqRead, a.ListRequests),
		f("POST /api/v1/requests", reqWrite, a.CreateRequest),
		f("GET /api/v1/requests/export", reqRead, a.ExportRequests),
		f("POST /api/v1/requests/import", reqWrite, a.ImportRequests),
		f("GET /api/v1/requests/{id}", reqRead, a.GetRequest),
		f("PATCH /api/v1/requests/{id}", reqWrite, a.UpdateRequest),
		f("DELETE /api/v1/requests/{id}", reqWrite, a.DeleteRequest),
		f("GET /api/v1/requests/{id}/matches", matchRead, a.RequestMatches),
		f("GET /api/v1/matches", pipeRead, a.ListMatches),
		f("POST /api/v1/matches", matchMove, a.Shortlist),
		f("GET /api/v1/matches/board", pipeRead, a.MatchBoard),
		f("GET /api/v1/matches/export", pipeRead, a.ExportMatches),
		f("GET /api/v1/matches/{id}", pipeRead, a.GetMatch),
		f("POST /api/v1/matches/{id}/move", matchMove, a.MoveMatch),
		f("POST /api/v1/matches/{id}/answer", matchMove, a.AnswerMatch),
		f("GET /api/v1/matches/{id}/contact", pipeRead, a.MatchContact),
		f("GET /api/v1/inbox", signedIn, a.Inbox),
		f("GET /api/v1/matches/weights", matchRead, a.GetMatchWeights),
		f("PUT /api/v1/matches/weights", matchAdmin, a.PutMatchWeights),

		// Business-matching events (issue 19): who reads an event, runs it or
		// speaks for a participant is the store's decision.
		f("GET /api/v1/events", evRead, a.ListEvents),
		f("POST /api/v1/events", evManage, a.CreateEvent),
		f("GET /api/v1/events/{id}", evRead, a.GetEvent),
		f("PATCH /api/v1/events/{id}", evManage, a.UpdateEvent),
		f("POST /api/v1/events/{id}/participants", evManage, a.AddEventParticipants),
		f("POST /api/v1/events/{id}/requests", evRead, a.RequestMeetings),
		f("POST /api/v1/events/{id}/schedule", evManage, a.ScheduleEvent),
		f("POST /api/v1/events/{id}/meetings", evManage, a.AddMeeting),
		f("PATCH /api/v1/events/{id}/meetings/{meeting}", evManage, a.UpdateMeeting),
		f("DELETE /api/v1/events/{id}/meetings/{meeting}", evManage, a.RemoveMeeting),
		f("POST /api/v1/events/{id}/meetings/{meeting}/result", evManage, a.RecordMeeting),
		f("POST /api/v1/events/{id}/agendas/send", evManage, a.SendAgendas),
		f("GET /api/v1/events/{id}/agendas", evRead, a.Agendas),
		f("GET /api/v1/events/{id}/report", evRead, a.EventReport),
		f("PATCH /api/v1/event-participants/{id}", evRead, a.UpdateEventParticipant),
		f("DELETE /api/v1/event-participants/{id}", evManage, a.RemoveEventParticipant),
		f("POST /api/v1/event-participants/{id}/answer", evTake, a.AnswerEventInvitation),
		f("POST /api/v1/event-participants/{id}/check-in", evManage, a.CheckInParticipant),
		f("GET /api/v1/event-participants/{id}/suggestions", evRead, a.ParticipantSuggestions),
		f("POST /api/v1/meeting-requests/{id}/answer", evRead, a.AnswerMeetingRequest),
		f("DELETE /api/v1/meeting-requests/{id}", evRead, a.WithdrawMeetingRequest),

		// The public catalogue (issue 20): its reads, inquiries and buyer
		// registrations are public (the store shows only what is listed);
		// consent is the enterprise's, the back office the officers'.
		f("GET /api/v1/catalogue/products", public, a.CatalogueProducts),
		f("GET /api/v1/catalogue/products/{id}", public, a.CatalogueProduct),
		f("GET /api/v1/catalogue/enterprises/{id}", public, a.CatalogueEnterprise),
		f("GET /api/v1/catalogue/facets", public, a.CatalogueFacets),
		f("POST /api/v1/catalogue/inquiries", public, a.CreateInquiry),
		f("GET /api/v1/catalogue/inquiries", catAdmin, a.ListInquiries),
		f("POST /api/v1/catalogue/buyers", public, a.RegisterBuyer),
		f("GET /api/v1/catalogue/buyers", catAdmin, a.BuyerRegistrations),
		f("POST /api/v1/catalogue/buyers/{id}/approve", catAdmin, a.DecideBuyer(true)),
		f("POST /api/v1/catalogue/buyers/{id}/reject", catAdmin, a.DecideBuyer(false)),
		f("GET /api/v1/enterprises/{id}/listing", entRead, a.ListingConsent),
		f("PUT /api/v1/enterprises/{id}/listing", entWrite, a.SetListingConsent),

		f("GET /api/v1/me", signedIn, a.Me),
		f("GET /api/v1/me/tokens", signedIn, a.ListTokens),
		f("POST /api/v1/me/tokens", signedIn, a.CreateToken),
		f("DELETE /api/v1/me/tokens/{id}", signedIn, a.RevokeToken),
		f("GET /api/v1/organisations", orgRead, a.ListOrganisations),
		f("POST /api/v1/organisations", orgWrite, a.CreateOrganisation),
		f("GET /api/v1/organisations/{id}", orgRead, a.GetOrganisation),
		f("PATCH /api/v1/organisations/{id}", orgWrite, a.UpdateOrganisation),
		f("GET /api/v1/users", userAdmin, a.ListUsers),
		f("POST /api/v1/users", userAdmin, a.CreateUser),
		f("GET /api/v1/users/{id}", userAdmin, a.GetUser),
		f("PATCH /api/v1/users/{id}", userAdmin, a.UpdateUser),
		f("POST /api/v1/users/{id}/reset", userAdmin, a.ResetUser),
		f("GET /api/v1/region-aliases", reference, a.ListRegionAliases),
		f("POST /api/v1/region-aliases", regAdmin, a.CreateRegionAlias),
		f("DELETE /api/v1/region-aliases/{id}", regAdmin, a.DeleteRegionAlias),
		f("POST /api/v1/boundaries", regAdmin, a.LoadBoundaries),
		f("GET /api/v1/audit", auditRead, a.ListAudit),
	}
}

// health answers load balancers and the test harness: the database is reachable.
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	if _, err := s.db.Setting(r.Context(), "refdata_version"); err != nil {
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}
