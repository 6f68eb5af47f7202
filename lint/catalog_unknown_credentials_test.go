package lint

import "testing"

func TestCatalogUnknownCredentials(t *testing.T) {
	const cat = `
weather:
  type: spark.SparkDataset
  filepath: s3a://bucket/weather.csv
  credentials: dev_s4
parts:
  type: partitions.PartitionedDataset
  path: s3://bucket/parts
  dataset:
    type: pandas.CSVDataset
    credentials: dev_s3
`
	expectRule(t, "catalog-unknown-credentials", cat,
		map[string]string{"conf/local/credentials.yml": "dev_s3:\n  key: secret-value\n"},
		"conf/base/catalog.yml:5:16: error: Unable to find credentials 'dev_s4': check your data catalog and credentials configuration (did you mean 'dev_s3'?) [catalog-unknown-credentials]",
		"    conf/local/credentials.yml: note: this credentials file defines dev_s3")
	// No credentials file at all: Kedro fails the same way.
	expectRule(t, "catalog-unknown-credentials", cat, nil,
		"conf/base/catalog.yml:5:16: error: Unable to find credentials 'dev_s4': check your data catalog and credentials configuration [catalog-unknown-credentials]",
		"    conf/local: note: no credentials file in conf/base or conf/local (files matching credentials*, credentials*/**, **/credentials*); Kedro fails the same way without one: credentials usually live in conf/local/credentials.yml, kept out of version control",
		"conf/base/catalog.yml:11:18: error: Unable to find credentials 'dev_s3': check your data catalog and credentials configuration [catalog-unknown-credentials]",
		"    conf/local: note: no credentials file in conf/base or conf/local (files matching credentials*, credentials*/**, **/credentials*); Kedro fails the same way without one: credentials usually live in conf/local/credentials.yml, kept out of version control")
	expectRule(t, "catalog-unknown-credentials", cat,
		map[string]string{"conf/local/credentials.yml": "dev_s3: {key: k}\ndev_s4: {key: k}\n"})
}
