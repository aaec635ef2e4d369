package web

import "html/template"

// officeRoutes are the officers' workspace: counter intake, queues, the
// dossier page and its actions, approvals, documents, the dashboard.
func (s *Server) officeRoutes() []route {
	return []route{
		{"GET /can-bo", anyOfficer, s.workspace},
	}
}

// officeFuncs are the template functions of the office area.
func officeFuncs() template.FuncMap {
	return template.FuncMap{}
}
