import { useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import { checkSmsCode, checkSmsMobile } from '@wesale/shared/sms-login';
import { goHome, loginWithPassword, loginWithSms, loginWithWechat, requestSmsCode } from '../../services/auth';
import { errorMessage, isApiError } from '../../services/request';
import { LoginField } from './login-field';
import './index.scss';

const IS_WEAPP = process.env.TARO_ENV === 'weapp';

/** A field's change handler: any edit also clears the form's last error. */
const editing = (setValue: (value: string) => void, setError: (error: string) => void) => (value: string) => {
  setValue(value);
  setError('');
};

function PasswordForm() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState('');

  const submit = async () => {
    if (submitting) return;
    const name = username.trim();
    if (!name || !password) {
      setError(!name ? '请输入用户名' : '请输入密码');
      return;
    }
    setSubmitting(true);
    setError('');
    try {
      const session = await loginWithPassword(name, password);
      goHome(session.user);
    } catch (err) {
      setError(errorMessage(err));
      setSubmitting(false);
    }
  };

  return (
    <View className='login-form'>
      <LoginField id='login-username' label='用户名' name='username' placeholder='请输入用户名' value={username} maxLength={64} clearable onChange={editing(setUsername, setError)} />
      <LoginField
        id='login-password'
        label='密码'
        name='password'
        type='password'
        placeholder='请输入密码'
        value={password}
        maxLength={128}
        onChange={editing(setPassword, setError)}
        onConfirm={submit}
      />
      <View className='login-form__error' id='login-error'>
        {error ? <Text>{error}</Text> : null}
      </View>
      <Button id='login-submit' type='primary' size='large' block loading={submitting} onClick={submit}>
        登录
      </Button>
    </View>
  );
}

/** Seconds until another code may be requested; counts down once a second. */
function useCountdown(): [number, (seconds: number) => void] {
  const [left, setLeft] = useState(0);
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);
  const stop = () => {
    if (timer.current) clearInterval(timer.current);
    timer.current = null;
  };
  const start = (seconds: number) => {
    stop();
    setLeft(seconds);
    if (seconds <= 0) return;
    timer.current = setInterval(() => {
      setLeft((value) => {
        if (value <= 1) stop();
        return Math.max(0, value - 1);
      });
    }, 1000);
  };
  useEffect(() => stop, []);
  return [left, start];
}

function retryAfterOf(error: unknown): number {
  const details = isApiError(error) ? (error.details as { retryAfterSeconds?: unknown } | undefined) : undefined;
  return typeof details?.retryAfterSeconds === 'number' ? details.retryAfterSeconds : 0;
}

/** 客户登录: mobile → 获取验证码 (then a 60 s countdown) → code → 登录. */
function SmsForm() {
  const [mobile, setMobile] = useState('');
  const [code, setCode] = useState('');
  const [sending, setSending] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState('');
  const [hint, setHint] = useState('');
  const [devCode, setDevCode] = useState('');
  const [resendIn, startCountdown] = useCountdown();

  const sendCode = async () => {
    if (sending || resendIn > 0) return;
    if (!mobile.trim()) {
      setError('请输入手机号');
      return;
    }
    const checked = checkSmsMobile(mobile);
    if (checked.problem !== null) {
      setError(checked.problem);
      return;
    }
    setSending(true);
    setError('');
    try {
      const sent = await requestSmsCode(checked.mobile);
      startCountdown(sent.resendAfterSeconds);
      setHint(`验证码已发送，${Math.round(sent.expiresInSeconds / 60)} 分钟内有效`);
      setDevCode(sent.devCode ?? '');
    } catch (err) {
      // A limit says how long to wait: the button counts that down instead.
      if (isApiError(err) && err.code === 'RATE_LIMITED') startCountdown(retryAfterOf(err));
      setError(errorMessage(err));
    } finally {
      setSending(false);
    }
  };

  const submit = async () => {
    if (submitting) return;
    if (!mobile.trim() || !code.trim()) {
      setError(!mobile.trim() ? '请输入手机号' : '请输入验证码');
      return;
    }
    const checked = checkSmsMobile(mobile);
    if (checked.problem !== null) {
      setError(checked.problem);
      return;
    }
    const codeProblem = checkSmsCode(code);
    if (codeProblem !== null) {
      setError(codeProblem);
      return;
    }
    setSubmitting(true);
    setError('');
    try {
      const session = await loginWithSms(checked.mobile, code.trim());
      goHome(session.user);
    } catch (err) {
      if (isApiError(err) && err.code === 'SMS_CODE_EXPIRED') {
        // This code is used up: clear it and let the customer ask for a new one at once.
        setCode('');
        setDevCode('');
        setHint('');
        startCountdown(0);
      }
      setError(errorMessage(err));
      setSubmitting(false);
    }
  };

  return (
    <View className='login-form'>
      <LoginField id='sms-mobile' label='手机号' name='mobile' type='tel' placeholder='请输入手机号' value={mobile} maxLength={20} clearable onChange={editing(setMobile, setError)} />
      <LoginField
        id='sms-code'
        label='验证码'
        name='code'
        type='number'
        placeholder='6 位数字'
        value={code}
        maxLength={6}
        onChange={editing(setCode, setError)}
        onConfirm={submit}
        action={
          <Button id='sms-send' className='login-form__code-button' size='large' disabled={resendIn > 0} loading={sending} onClick={sendCode}>
            {resendIn > 0 ? `${resendIn} 秒后重发` : '获取验证码'}
          </Button>
        }
      >
        {hint ? <Text className='login-form__note' id='sms-hint'>{hint}</Text> : null}
        {devCode ? (
          <Text className='login-form__note login-form__note--dev' id='sms-dev-code'>
            开发环境未配置短信服务，验证码：{devCode}
          </Text>
        ) : null}
      </LoginField>
      <View className='login-form__error' id='login-error'>
        {error ? <Text>{error}</Text> : null}
      </View>
      <Button id='sms-submit' type='primary' size='large' block loading={submitting} onClick={submit}>
        登录
      </Button>
    </View>
  );
}

function WechatLogin({ onUsePassword }: { onUsePassword: () => void }) {
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState('');

  const login = async () => {
    if (submitting) return;
    setSubmitting(true);
    setError('');
    try {
      const session = await loginWithWechat();
      goHome(session.user);
    } catch (err) {
      setError(errorMessage(err));
      setSubmitting(false);
    }
  };

  return (
    <View className='login-form'>
      <Text className='login-form__hint'>使用当前微信账号登录，首次登录将自动关联账号</Text>
      <View className='login-form__error' id='login-error'>
        {error ? <Text>{error}</Text> : null}
      </View>
      <Button id='login-wechat' type='primary' size='large' block loading={submitting} onClick={login}>
        微信一键登录
      </Button>
      <View className='login-form__switch' onClick={onUsePassword}>
        <Text>员工使用账号密码登录</Text>
      </View>
    </View>
  );
}

type H5Mode = 'staff' | 'customer';

/** Outside WeChat: 员工登录 (username + password) beside 客户登录 (mobile + SMS code). */
function H5Login() {
  const [mode, setMode] = useState<H5Mode>('staff');
  const tabs: Array<[H5Mode, string]> = [
    ['staff', '员工登录'],
    ['customer', '客户登录'],
  ];
  return (
    <View>
      <View className='login-tabs'>
        {tabs.map(([key, label]) => (
          <View key={key} id={`login-tab-${key}`} className={`login-tabs__tab ${mode === key ? 'login-tabs__tab--active' : ''}`} onClick={() => setMode(key)}>
            <Text>{label}</Text>
          </View>
        ))}
      </View>
      {mode === 'staff' ? <PasswordForm /> : <SmsForm />}
    </View>
  );
}

export default function LoginPage() {
  // Taro.login has no code outside WeChat: the h5 build offers the password and SMS forms instead.
  const [usePassword, setUsePassword] = useState(!IS_WEAPP);

  return (
    <View className='ws-page login-page'>
      <View className='login-page__brand'>
        <View className='login-page__logo'>
          <Text className='login-page__logo-text'>W</Text>
        </View>
        <Text className='login-page__title'>WeSale 销售管理</Text>
        <Text className='login-page__subtitle'>客户、报价、订单与回款，一个小程序全搞定</Text>
      </View>
      <View className='login-page__card'>
        {!IS_WEAPP ? <H5Login /> : usePassword ? <PasswordForm /> : <WechatLogin onUsePassword={() => setUsePassword(true)} />}
      </View>
      <Text className='login-page__footer'>员工账号由管理员开通；忘记密码请联系管理员</Text>
    </View>
  );
}
