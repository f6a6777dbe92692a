package daemon

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kycd/kycd/engine/specimen"
	"github.com/kycd/kycd/engine/specimen/altgen"
)

// cmdSpecimen writes synthetic documents with their ground truth:
//
//	kycd specimen --type cin|cni|passport|residence_card|permit --country MA|FR --n N --seed S --out DIR [--degrade] [--generator alt]
//	kycd specimen eval DIR   (cmd_documents_eval.go)
func cmdSpecimen(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "eval" {
		return cmdDocumentsEval(ctx, args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("specimen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	docType := fs.String("type", "cin", "document type: "+strings.Join(specimen.DocTypes, "|"))
	country := fs.String("country", "MA", "issuing country: MA|FR")
	n := fs.Int("n", 10, "number of documents")
	seed := fs.Uint64("seed", 1, "first seed (document i uses seed+i)")
	out := fs.String("out", "specimens", "output directory")
	degrade := fs.Bool("degrade", false, "photograph with perspective, rotation, blur, noise, glare, JPEG and low resolution")
	portraits := fs.String("portraits", "models/face-api/demo", "directory of sample*.jpg portraits")
	generator := fs.String("generator", "default", "default, or alt: the second generator (package altgen), for evaluating on layouts the reader was not tuned on")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if !slices.Contains(specimen.DocCountries[*docType], *country) {
		fmt.Fprintf(stderr, "kycd specimen: no %s model for %s\n", *docType, *country)
		return 2
	}
	if found, _ := filepath.Glob(filepath.Join(*portraits, "sample*.jpg")); len(found) == 0 {
		// The default is relative to the repository: run elsewhere, the documents silently
		// carried a grey block where the face belongs, and evaluations of them differed.
		fmt.Fprintf(stderr, "kycd specimen: warning: no sample*.jpg portraits in %s (run from the repository or pass --portraits DIR): the documents get a grey block instead of a face\n", *portraits)
	}
	var g docGenerator
	var err error
	switch *generator {
	case "default":
		g, err = specimen.NewDocGenerator(*portraits)
	case "alt":
		g, err = altgen.New(*portraits)
	default:
		fmt.Fprintf(stderr, "kycd specimen: unknown generator %q (default|alt)\n", *generator)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "kycd specimen: %v\n", err)
		return 1
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintf(stderr, "kycd specimen: %v\n", err)
		return 1
	}
	for i := range *n {
		if ctx.Err() != nil {
			return 1
		}
		name := fmt.Sprintf("%s_%s_%06d", *docType, *country, *seed+uint64(i))
		if err := writeSpecimen(g, *seed+uint64(i), *docType, *country, *degrade, *out, name); err != nil {
			fmt.Fprintf(stderr, "kycd specimen: %v\n", err)
			return 1
		}
		fmt.Fprintln(stdout, filepath.Join(*out, name+".json"))
	}
	return 0
}

// docGenerator renders a synthetic document with its truth (specimen.DocGenerator, altgen.Generator).
type docGenerator interface {
	Document(seed uint64, docType, country string, degrade bool) (specimen.DocSample, error)
}

func writeSpecimen(g docGenerator, seed uint64, docType, country string, degrade bool, dir, name string) error {
	s, err := g.Document(seed, docType, country, degrade)
	if err != nil {
		return err
	}
	s.Truth.Front = name + "_front.jpg"
	if err := os.WriteFile(filepath.Join(dir, s.Truth.Front), s.Front, 0o644); err != nil {
		return fmt.Errorf("writing specimen: %w", err)
	}
	if s.Back != nil {
		s.Truth.Back = name + "_back.jpg"
		if err := os.WriteFile(filepath.Join(dir, s.Truth.Back), s.Back, 0o644); err != nil {
			return fmt.Errorf("writing specimen: %w", err)
		}
	}
	b, err := json.MarshalIndent(s.Truth, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding truth: %w", err)
	}
	return os.WriteFile(filepath.Join(dir, name+".json"), append(b, '\n'), 0o644)
}
