import type { LocalizedText } from '../kernel/i18n.ts';

/** Every text of the sign-in and user-administration pages, in the four languages. */
export const ACCESS_TEXT = {
  signInTitle: { en: 'Sign in', es: 'Iniciar sesión', pt: 'Entrar', fr: 'Se connecter' },
  email: { en: 'Email', es: 'Correo electrónico', pt: 'E-mail', fr: 'Courriel' },
  password: { en: 'Password', es: 'Contraseña', pt: 'Senha', fr: 'Mot de passe' },
  submit: { en: 'Sign in', es: 'Entrar', pt: 'Entrar', fr: 'Connexion' },
  wrong: {
    en: 'Wrong email or password.',
    es: 'Correo o contraseña incorrectos.',
    pt: 'E-mail ou senha incorretos.',
    fr: 'Courriel ou mot de passe incorrect.',
  },
  tooMany: {
    en: 'Too many attempts. Wait a minute and try again.',
    es: 'Demasiados intentos. Espere un minuto e inténtelo de nuevo.',
    pt: 'Tentativas demais. Aguarde um minuto e tente de novo.',
    fr: 'Trop de tentatives. Attendez une minute et réessayez.',
  },
  failed: {
    en: 'Something went wrong. Try again.',
    es: 'Algo salió mal. Inténtelo de nuevo.',
    pt: 'Algo deu errado. Tente de novo.',
    fr: 'Une erreur est survenue. Réessayez.',
  },
  noAccount: {
    en: 'Accounts are created by an administrator. The public reads published data without one.',
    es: 'Las cuentas las crea un administrador. El público consulta los datos publicados sin cuenta.',
    pt: 'As contas são criadas por um administrador. O público consulta os dados publicados sem conta.',
    fr: 'Les comptes sont créés par un administrateur. Le public consulte les données publiées sans compte.',
  },
  home: { en: 'Home', es: 'Inicio', pt: 'Início', fr: 'Accueil' },
  usersTitle: { en: 'Users', es: 'Usuarios', pt: 'Usuários', fr: 'Utilisateurs' },
  name: { en: 'Name', es: 'Nombre', pt: 'Nome', fr: 'Nom' },
  language: { en: 'Language', es: 'Idioma', pt: 'Idioma', fr: 'Langue' },
  roles: { en: 'Roles', es: 'Roles', pt: 'Papéis', fr: 'Rôles' },
  status: { en: 'Status', es: 'Estado', pt: 'Situação', fr: 'Statut' },
  actions: { en: 'Actions', es: 'Acciones', pt: 'Ações', fr: 'Actions' },
  active: { en: 'Active', es: 'Activa', pt: 'Ativa', fr: 'Actif' },
  disabled: { en: 'Disabled', es: 'Desactivada', pt: 'Desativada', fr: 'Désactivé' },
  locked: {
    en: 'Locked after wrong passwords',
    es: 'Bloqueada tras contraseñas erróneas',
    pt: 'Bloqueada após senhas erradas',
    fr: 'Verrouillé après des mots de passe erronés',
  },
  disable: { en: 'Disable', es: 'Desactivar', pt: 'Desativar', fr: 'Désactiver' },
  enable: { en: 'Enable', es: 'Activar', pt: 'Ativar', fr: 'Activer' },
  reset: {
    en: 'Reset password',
    es: 'Restablecer contraseña',
    pt: 'Redefinir senha',
    fr: 'Réinitialiser le mot de passe',
  },
  confirmReset: {
    en: 'Reset the password of this user? Their sessions will end.',
    es: '¿Restablecer la contraseña de este usuario? Sus sesiones terminarán.',
    pt: 'Redefinir a senha deste usuário? As sessões dele serão encerradas.',
    fr: 'Réinitialiser le mot de passe de cet utilisateur ? Ses sessions prendront fin.',
  },
  newPassword: {
    en: 'New password (shown only now; hand it over safely):',
    es: 'Nueva contraseña (solo se muestra ahora; entréguela de forma segura):',
    pt: 'Nova senha (mostrada só agora; entregue-a com segurança):',
    fr: 'Nouveau mot de passe (affiché seulement maintenant ; transmettez-le de façon sûre) :',
  },
  everywhere: {
    en: 'all member states',
    es: 'todos los Estados miembros',
    pt: 'todos os Estados membros',
    fr: 'tous les États membres',
  },
  signOut: { en: 'Sign out', es: 'Cerrar sesión', pt: 'Sair', fr: 'Se déconnecter' },
  role_contributor: { en: 'contributor', es: 'colaborador', pt: 'colaborador', fr: 'contributeur' },
  role_approver: { en: 'approver', es: 'aprobador', pt: 'aprovador', fr: 'approbateur' },
  role_analyst: { en: 'analyst', es: 'analista', pt: 'analista', fr: 'analyste' },
  role_firearms_officer: {
    en: 'firearms officer',
    es: 'oficial de armas de fuego',
    pt: 'oficial de armas de fogo',
    fr: 'agent des armes à feu',
  },
  role_administrator: { en: 'administrator', es: 'administrador', pt: 'administrador', fr: 'administrateur' },
} as const satisfies Readonly<Record<string, LocalizedText>>;

export type AccessTextKey = keyof typeof ACCESS_TEXT;
