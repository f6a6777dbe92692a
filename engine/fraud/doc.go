// Package fraud holds the consistency rules of DOCUMENTS.md §4 and the image forensics
// (subpackage forensic) that turn a read document into findings: each with a stable code, a
// severity and a message in English and French, so an auditor can see why a verification was
// rejected. The package knows nothing of HTTP or storage; engine.Fraud runs it.
package fraud
