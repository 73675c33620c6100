# The demo's network: built-in terraform_data resources only, so it plans and applies offline.
resource "terraform_data" "vpc" {
  input = "10.20.0.0/16"
}

resource "terraform_data" "subnet_a" {
  input            = "10.20.1.0/24"
  triggers_replace = [terraform_data.vpc.output]
}

resource "terraform_data" "subnet_b" {
  input            = "10.20.2.0/24"
  triggers_replace = [terraform_data.vpc.output]
}

output "vpc_cidr" {
  value = terraform_data.vpc.output
}
