"""第二十条 registers (登记簿): documents, service matters and decisions, fees, central procurement."""
