# The demo's application: built-in terraform_data resources only, so it plans and applies offline.
resource "terraform_data" "service" {
  input = {
    name     = "checkout"
    replicas = 3
    image    = "registry.example.com/checkout:1.4.2"
  }
}

resource "terraform_data" "queue" {
  input = "checkout-events"
}

resource "terraform_data" "dashboard" {
  input = "checkout: latency and errors"
}

output "service" {
  value = terraform_data.service.output.name
}
