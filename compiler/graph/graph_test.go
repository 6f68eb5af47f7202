package graph

import (
	"strings"
	"testing"

	"github.com/kfc-dev/kfc/compiler/plan"
)

func testPlan() *plan.Plan {
	ds := func(name string, persisted bool, producer string, consumers ...string) *plan.Dataset {
		return &plan.Dataset{ID: plan.DatasetID(name), Name: name, Persisted: persisted, Producer: producer, Consumers: consumers}
	}
	return &plan.Plan{
		Datasets: map[string]*plan.Dataset{
			"raw":           ds("raw", true, "", "node.clean"),
			"clean":         ds("clean", false, "node.clean", "node.ns.inner.fit"),
			"ns.inner.m":    ds("ns.inner.m", true, "node.ns.inner.fit"),
			`odd"name<x>`:   ds(`odd"name<x>`, true, "node.clean"),
			"table@pandas":  ds("table@pandas", true, "", "node.clean"),
			"table@spark":   ds("table@spark", false, "", "node.clean"),
			"unused.prefix": ds("unused.prefix", true, "", "node.clean"),
		},
		Nodes: []*plan.Node{
			{ID: "node.clean", Name: "clean", Inputs: []string{"raw", "table@pandas", "table@spark", "unused.prefix"}, Outputs: []string{"clean", `odd"name<x>`},
				Parameters: map[string]plan.RawValue{"params:n": plan.RawValue("3")}},
			{ID: "node.ns.inner.fit", Name: "ns.inner.fit", Namespace: "ns.inner", Inputs: []string{"clean"}, Outputs: []string{"ns.inner.m"},
				Parameters: map[string]plan.RawValue{"params:ns.inner.alpha": plan.RawValue("0.5"), "params:n": plan.RawValue("3")}},
		},
	}
}

const wantMermaid = `flowchart LR
  n1["clean"]
  d1[("odd#quot;name#lt;x#gt;")]
  d2[("raw")]
  d3[("table")]
  d4[("unused.prefix")]
  d5("clean")
  p1{{"params:n"}}
  p2{{"params:ns.inner.alpha"}}
  subgraph s1["ns"]
    subgraph s2["inner"]
      n2["fit"]
      d6[("ns.inner.m")]
    end
  end
  d2 --> n1
  d3 --> n1
  d4 --> n1
  n1 --> d5
  n1 --> d1
  p1 -.-> n1
  d5 --> n2
  n2 --> d6
  p1 -.-> n2
  p2 -.-> n2
  classDef task fill:#e8f0fe,stroke:#3367d6,color:#0b2a66
  classDef dataset fill:#e6f4ea,stroke:#188038,color:#0d3d1c
  classDef ephemeral fill:#f8f9fa,stroke:#80868b,stroke-dasharray:4 3,color:#202124
  classDef parameter fill:#fef7e0,stroke:#b06000,color:#4a2800
  class n1,n2 task
  class d1,d2,d3,d4,d6 dataset
  class d5 ephemeral
  class p1,p2 parameter
`

func TestMermaid(t *testing.T) {
	var b strings.Builder
	if err := Mermaid(&b, FromPlan(testPlan())); err != nil {
		t.Fatal(err)
	}
	if b.String() != wantMermaid {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), wantMermaid)
	}
}

const wantDOT = `digraph pipeline {
  rankdir=LR;
  node [fontname="Helvetica", fontsize=11];
  edge [color="#5f6368"];
  "node.clean" [label="clean", shape=box, style="rounded,filled", fillcolor="#e8f0fe"];
  "dataset.odd\"name<x>" [label="odd\"name<x>", shape=cylinder, style=filled, fillcolor="#e6f4ea"];
  "dataset.raw" [label="raw", shape=cylinder, style=filled, fillcolor="#e6f4ea"];
  "dataset.table" [label="table", shape=cylinder, style=filled, fillcolor="#e6f4ea"];
  "dataset.unused.prefix" [label="unused.prefix", shape=cylinder, style=filled, fillcolor="#e6f4ea"];
  "dataset.clean" [label="clean", shape=box, style="rounded,dashed"];
  "param:params:n" [label="params:n", shape=note, style="filled,dashed", fillcolor="#fef7e0"];
  "param:params:ns.inner.alpha" [label="params:ns.inner.alpha", shape=note, style="filled,dashed", fillcolor="#fef7e0"];
  subgraph "cluster_ns" {
    label="ns";
    style="rounded,dashed";
    subgraph "cluster_ns.inner" {
      label="inner";
      style="rounded,dashed";
      "node.ns.inner.fit" [label="fit", shape=box, style="rounded,filled", fillcolor="#e8f0fe"];
      "dataset.ns.inner.m" [label="ns.inner.m", shape=cylinder, style=filled, fillcolor="#e6f4ea"];
    }
  }
  "dataset.raw" -> "node.clean";
  "dataset.table" -> "node.clean";
  "dataset.unused.prefix" -> "node.clean";
  "node.clean" -> "dataset.clean";
  "node.clean" -> "dataset.odd\"name<x>";
  "param:params:n" -> "node.clean" [style=dashed];
  "dataset.clean" -> "node.ns.inner.fit";
  "node.ns.inner.fit" -> "dataset.ns.inner.m";
  "param:params:n" -> "node.ns.inner.fit" [style=dashed];
  "param:params:ns.inner.alpha" -> "node.ns.inner.fit" [style=dashed];
}
`

func TestDOT(t *testing.T) {
	var b strings.Builder
	if err := DOT(&b, FromPlan(testPlan())); err != nil {
		t.Fatal(err)
	}
	if b.String() != wantDOT {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), wantDOT)
	}
}
