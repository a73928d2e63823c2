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

// Routes lists every route of the pages and the API in one place.
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
		f("POST /account/tokens/{id}/revoke", signedIn, p.RevokeToken),
		f("POST /account/logout-everywhere", signedIn, p.LogoutEverywhere),

		f("GET /enterprises", entRead, p.EnterpriseList),
		f("GET /enterprises/new", entCreate, p.EnterpriseNew),
		f("POST /enterprises", entCreate, p.EnterpriseCreate),
		f("GET /enterprises/{id}", entRead, p.EnterpriseDetail),
		f("GET /enterprises/{id}/edit", entWrite, p.EnterpriseEdit),
		f("POST /enterprises/{id}", entWrite, p.EnterpriseUpdate),
		f("GET /enterprises/{id}/delete", entDelete, p.EnterpriseDeleteConfirm),
		f("POST /enterprises/{id}/delete", entDelete, p.EnterpriseDelete),

		f("GET /enterprises/export.csv", entRead, p.EnterpriseExport),
		f("GET /enterprises/export.xlsx", entRead, p.EnterpriseExport),
		f("GET /imports", entCreate, p.ImportList),
		f("POST /imports", entCreate, p.ImportUpload),
		f("GET /imports/jobs/{job}", entCreate, p.ImportJob),
		f("GET /imports/jobs/{job}/rejected.csv", entCreate, p.ImportRejected),
		f("POST /imports/jobs/{job}/run", entCreate, p.ImportRun),
		f("POST /imports/{id}/undo", entCreate, p.ImportUndo),

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
		f("POST /products/{id}/delete", prodWrite, p.ProductDelete),
		f("POST /products/{id}/photos", prodWrite, p.PhotoUpload),
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
		f("POST /certificates/{id}/delete", prodWrite, p.CertificateDelete),
		f("GET /certificates/{id}/document", prodRead, p.CertificateDocument),

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
		f("GET /audit", auditRead, p.AuditList),
		f("GET /audit/export.csv", auditRead, p.AuditExport),

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
