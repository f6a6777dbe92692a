// Package api serves kycd's REST API on fiber: authentication and scopes, request validation,
// the verification routes, health, OpenAPI and metrics. Handlers are thin; errors become HTTP
// statuses here and nowhere else.
package api
