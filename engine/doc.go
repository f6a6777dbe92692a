// Package engine holds the verification pipeline: decoded images and options in, a filled
// verification object out. It knows nothing of HTTP, storage or cameras; each check lives in
// its own sub-package and plugs into the pipeline through the Check interface.
package engine
