package auth

import (
	"github.com/go-chi/chi/v5"

	"spor/internal/model"
)

// Routes mounts login and logout.
func (h *Handler) Routes(r chi.Router) {
	r.Get("/login", h.loginForm)
	r.Post("/login", h.login)
	r.Post("/logout", h.logout)
}

// ManageRoutes mounts the admin's user pages under /manage.
func (h *Handler) ManageRoutes(r chi.Router) {
	r.Route("/users", func(r chi.Router) {
		r.Use(RequireRole(model.RoleAdmin))
		r.Get("/", h.users)
		r.Get("/new", h.newUser)
		r.Post("/", h.saveUser)
		r.Get("/{id}", h.editUser)
		r.Post("/{id}", h.saveUser)
	})
}
