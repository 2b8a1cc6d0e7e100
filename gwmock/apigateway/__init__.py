"""API Gateway v1 (REST APIs): one module per resource family, one function per operation.

Records are stored under their REST paths (``("restapis", api_id, "stages", name)``)
and shaped like the output structures of botocore's ``apigateway`` model.
"""
