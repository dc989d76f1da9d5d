-- SC/PWD discount per line (protocol.md v1 additions; domain.md: per line, to the
-- qualified person's goods or share; RMC 38-2012). A line may carry its own holder and
-- share 1/shared_by; the transaction-level discount (0002) keeps meaning "every line".
-- The line's figures (gross, exempt, discount_kind / discount_amount, vat_adjustment)
-- stay where 0002 put them; these columns only say whose discount it is. Lines written
-- before have NULLs here and read back exactly as before.
ALTER TABLE transaction_lines ADD COLUMN sc_pwd_kind TEXT CHECK (sc_pwd_kind IN ('senior', 'pwd'));
ALTER TABLE transaction_lines ADD COLUMN sc_pwd_holder_name TEXT;
ALTER TABLE transaction_lines ADD COLUMN sc_pwd_id_number TEXT;
ALTER TABLE transaction_lines ADD COLUMN sc_pwd_shared_by INTEGER CHECK (sc_pwd_shared_by IS NULL OR sc_pwd_shared_by BETWEEN 1 AND 1000);
-- A holder is all three or none (the name and ID number are printed with a signature line).
CREATE TRIGGER transaction_lines_sc_pwd_whole BEFORE INSERT ON transaction_lines
WHEN (NEW.sc_pwd_kind IS NULL) <> (NEW.sc_pwd_holder_name IS NULL)
  OR (NEW.sc_pwd_kind IS NULL) <> (NEW.sc_pwd_id_number IS NULL)
  OR (NEW.sc_pwd_kind IS NULL AND NEW.sc_pwd_shared_by IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'a line discount needs its kind, holder name and ID number'); END;
