// Package session runs kiosk capture sessions: a customer presents a document and their face
// to the kiosk cameras, quality gates (document found and still, sharp, no glare, big
// enough; exactly one centred face with open eyes) pick the best frame automatically, and the
// captured images are handed to the normal verification pipeline on submit. Sessions live in
// memory with a TTL; nothing is stored until submit.
package session
