import { validateSync } from 'class-validator';
import { AcceptablePassword, weakPasswordReason } from './password-policy.js';

class NewPassword {
  @AcceptablePassword() password: string;
}

describe(weakPasswordReason.name, () => {
  it('should refuse passwords under 10 characters', () => {
    expect(weakPasswordReason('Xy7!kq2#z')).toMatch(/at least 10 characters/);
    expect(weakPasswordReason('demo1234')).toMatch(/at least 10 characters/);
  });

  it('should refuse common passwords whatever their case', () => {
    for (const password of [
      'password123',
      'Password@123',
      'QWERTYUIOP',
      '1234567890',
      'matkhau123',
      'Anhyeuem123',
      'zzzzzzzzzzzz',
    ]) {
      expect(weakPasswordReason(password)).toMatch(/too common/);
    }
  });

  it('should accept a long phrase of ones own', () => {
    expect(weakPasswordReason('mật khẩu mới đủ dài 2026')).toBeNull();
    expect(weakPasswordReason('secret-pass-1')).toBeNull();
  });

  it('should say why as a validation message', () => {
    const form = Object.assign(new NewPassword(), { password: 'password123' });
    expect(validateSync(form)[0]?.constraints).toEqual({
      acceptablePassword: 'password is too common; choose a longer phrase of your own',
    });
  });
});
