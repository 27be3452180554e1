-- +goose Up
-- The learning catalogue's managed tables join the audit log (see 00022): a
-- coordinator's change to a resource, its parts or a curated list is recorded with
-- the actor in the same transaction. Personal progress is not managed, so not logged.
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON learning_resources FOR EACH ROW EXECUTE FUNCTION audit_row('id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON learning_resource_statements FOR EACH ROW EXECUTE FUNCTION audit_row('resource_id', 'statement_id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON learning_parts FOR EACH ROW EXECUTE FUNCTION audit_row('id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON learning_lists FOR EACH ROW EXECUTE FUNCTION audit_row('id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON learning_list_items FOR EACH ROW EXECUTE FUNCTION audit_row('list_id', 'position');

-- +goose Down
DROP TRIGGER audit ON learning_list_items;
DROP TRIGGER audit ON learning_lists;
DROP TRIGGER audit ON learning_parts;
DROP TRIGGER audit ON learning_resource_statements;
DROP TRIGGER audit ON learning_resources;
