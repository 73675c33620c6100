/**
 * Resource types that hold data, per provider: deleting or replacing one loses what it holds. Each entry says
 * what is lost, in the words of a flag's reason. Extra types come from `risk.statefulTypes`.
 */
export const statefulTypes = {
  aws: {
    aws_db_instance: 'a database loses its data',
    aws_rds_cluster: 'a database cluster loses its data',
    aws_docdb_cluster: 'a database cluster loses its data',
    aws_neptune_cluster: 'a graph database loses its data',
    aws_redshift_cluster: 'a data warehouse loses its data',
    aws_dynamodb_table: 'a DynamoDB table loses its items',
    aws_s3_bucket: 'a bucket loses its objects',
    aws_ebs_volume: 'a volume loses its data',
    aws_efs_file_system: 'a file system loses its files',
    aws_fsx_lustre_file_system: 'a file system loses its files',
    aws_fsx_windows_file_system: 'a file system loses its files',
    aws_fsx_ontap_file_system: 'a file system loses its files',
    aws_kms_key: 'data encrypted with the key can no longer be read once it is gone',
    aws_route53_zone: 'a DNS zone loses its records',
    aws_sqs_queue: 'a queue loses its messages',
    aws_kinesis_stream: 'a stream loses its records',
    aws_msk_cluster: 'a Kafka cluster loses its topics',
    aws_elasticache_cluster: 'a cache loses its data',
    aws_elasticache_replication_group: 'a cache loses its data',
    aws_memorydb_cluster: 'a database loses its data',
    aws_opensearch_domain: 'a search domain loses its indices',
    aws_elasticsearch_domain: 'a search domain loses its indices',
    aws_backup_vault: 'a backup vault loses its recovery points',
    aws_secretsmanager_secret: 'a secret loses its value',
    aws_ecr_repository: 'a container registry loses its images',
  },
  google: {
    google_sql_database_instance: 'a Cloud SQL instance loses its data',
    google_sql_database: 'a Cloud SQL database loses its data',
    google_storage_bucket: 'a bucket loses its objects',
    google_bigquery_dataset: 'a BigQuery dataset loses its tables',
    google_bigquery_table: 'a BigQuery table loses its rows',
    google_spanner_instance: 'a Spanner instance loses its databases',
    google_spanner_database: 'a Spanner database loses its data',
    google_compute_disk: 'a disk loses its data',
    google_filestore_instance: 'a file system loses its files',
    google_redis_instance: 'a cache loses its data',
    google_bigtable_instance: 'a Bigtable instance loses its tables',
    google_bigtable_table: 'a Bigtable table loses its rows',
    google_kms_crypto_key: 'data encrypted with the key can no longer be read once it is gone',
    google_dns_managed_zone: 'a DNS zone loses its records',
    google_pubsub_topic: 'a topic loses its messages',
    google_pubsub_subscription: 'a subscription loses its unacknowledged messages',
    google_firestore_database: 'a Firestore database loses its documents',
    google_alloydb_cluster: 'a database cluster loses its data',
  },
  github: {
    github_repository: 'a repository loses its code, issues and pull requests',
  },
  newrelic: {
    newrelic_one_dashboard: 'a dashboard is lost',
    newrelic_one_dashboard_json: 'a dashboard is lost',
    newrelic_alert_policy: 'an alert policy and its conditions are lost',
  },
} as const satisfies Record<string, Record<string, string>>;

/** Every built-in stateful type with what deleting it loses. */
export const builtInStatefulTypes: ReadonlyMap<string, string> = new Map(
  Object.values(statefulTypes).flatMap((types) => Object.entries(types)),
);
